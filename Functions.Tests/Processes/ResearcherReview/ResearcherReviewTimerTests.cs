using EduFlows.Processes.ResearcherReview;
using EduFlows.Tests.Infrastructure;
using EduFlows.Triggers.Timers;

namespace EduFlows.Tests.Processes.ResearcherReview;

/// <summary>The half-year timer: 1 January and 1 July at 09:00 in Shanghai, each starting the half just ended.</summary>
[Collection(ProcessTests.Name)]
public sealed class ResearcherReviewTimerTests(AzuriteFixture azurite)
{
    [Fact]
    public void Schedule_FiresOnTheFirstOfJanuaryAndJuly_At0900Shanghai()
    {
        var schedule = TimerSchedule.Parse(ResearcherReviewTimer.Schedule, "Asia/Shanghai");

        var july = schedule.NextAfter(new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero));
        var january = schedule.NextAfter(july);

        Assert.Equal(new DateTimeOffset(2026, 7, 1, 1, 0, 0, TimeSpan.Zero), july);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 1, 0, 0, TimeSpan.Zero), january);
    }

    [Fact]
    public async Task OnTheFirstOfJanuary_EachSectionsReviewOfTheSecondHalfStarts_Once()
    {
        await using var harness = await HalfYearReviewTests.StartAsync(azurite);
        harness.Time.SetUtcNow(new DateTimeOffset(2027, 1, 1, 1, 0, 0, TimeSpan.Zero));

        var first = await ResearcherReviewTimer.StartForHalfJustEndedAsync(harness.Services, CancellationToken.None);
        var again = await ResearcherReviewTimer.StartForHalfJustEndedAsync(harness.Services, CancellationToken.None);

        Assert.Equal(["researcher-review-2026H2-junior", "researcher-review-2026H2-primary", "researcher-review-2026H2-senior"], first);
        Assert.Empty(again);
        foreach (string id in first)
        {
            await harness.Host.Client.TerminateInstanceAsync(id, "test over");
        }
    }
}
