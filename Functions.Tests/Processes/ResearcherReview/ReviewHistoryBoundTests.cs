using Xunit.Abstractions;
using DurableTask.Core.History;
using EduFlows.FunctionIndex;
using EduFlows.Processes.ResearcherReview;
using EduFlows.StaffDirectory;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Tests.Processes.ResearcherReview;

/// <summary>
/// Issue 21's history bound at the demo county's scale: the primary section's half-year review (7 researchers, the
/// office head among them, each scored by the other 6, every principal of a served school surveyed) run to its end
/// with no task answered, so every task is reminded twice and expires: the longest history a review can have.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class ReviewHistoryBoundTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    /// <summary>The stated bound on one review's history (events); the demo's primary section took 1,772 (67 tasks) on 2026-12-05.</summary>
    internal const int HistoryBound = 10_000;

    private static readonly DateTimeOffset July1At0900 = new(2026, 7, 1, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ADemoCountySectionsHalfYear_NothingAnswered_StaysUnderTheHistoryBound()
    {
        await using var harness = await TaskHarness.StartAsync(
            azurite,
            registry => registry.AddDurableFunctions(AppFunctions.Catalog),
            kinds => kinds.AddAll(ReviewTaskKinds.All),
            (services, storage, hub) => services.AddSingleton(new ResearcherReviewStore(storage, hub)).AddSingleton(new ResearcherReviewOptions()),
            July1At0900);
        var county = DemoCounty.Generate();
        var directory = harness.Services.GetRequiredService<DirectoryStore>();
        var store = harness.Services.GetRequiredService<ResearcherReviewStore>();
        await directory.Schools.ApplyAsync([.. county.Schools], CancellationToken.None);
        await directory.Departments.ApplyAsync([.. county.Departments], CancellationToken.None);
        // Only the people a review reaches: its researchers, the schools' principals and the bureau's cadres.
        await directory.Staff.ApplyAsync([.. county.Staff.Where(s => s.SchoolId is null || s.Post == "principal")], CancellationToken.None);
        var period = new ReviewPeriod(2026, 1);
        var researchers = county.Staff.Where(s => s.Post == "researcher" && s.Section == "primary").ToList();
        foreach (var record in researchers.SelectMany(r => ResearcherReviewDemo.Records(r, county.Schools, period, new DateOnly(2026, 7, 1))))
        {
            await store.Records.TryAddAsync(record, CancellationToken.None);
        }

        string id = await harness.Host.Client.ScheduleNewOrchestrationInstanceAsync(
            ResearcherReviewOrchestration.Name, new ReviewRequest("primary", 2026, 1), new StartOrchestrationOptions("researcher-review-2026H1-primary"));
        var done = await harness.Host.RunToCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var history = await harness.Host.Client.GetOrchestrationHistoryAsync(id);
        int tasks = history.OfType<TaskScheduledEvent>().Count(e => e.Name == global::EduFlows.Tasks.StaffTaskActivities.Open);
        Assert.Equal(7, researchers.Count);
        Assert.True(tasks >= 7 + 42, $"{tasks} tasks given");
        output.WriteLine($"{history.Count} events for {tasks} tasks (bound {HistoryBound})");
        Assert.True(history.Count < HistoryBound, $"{history.Count} events for {tasks} tasks; the bound is {HistoryBound}");
    }
}
