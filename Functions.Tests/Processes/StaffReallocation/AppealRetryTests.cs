using EduFlows.Processes.StaffReallocation;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using static EduFlows.Tests.Processes.StaffReallocation.County;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// Deciding an appeal is an activity, run at least once (issue 16: a crash at any point loses nothing, and the work
/// completes once): run again with the same input, an upheld appeal's points correction is added once, not twice.
/// </summary>
[Collection(ReallocationProcessTests.Name)]
public sealed class AppealRetryTests(AzuriteFixture azurite)
{
    private const string Id = "staff-reallocation-2027";
    private static readonly DateTimeOffset Decided = new(2027, 7, 25, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ApplyAppeal_UpheldWithPointsCorrection_RunTwice_CorrectsThePointsOnce_AndRanksOnThatTotal()
    {
        var store = ReallocationHarness.NewStore(azurite);
        // Points 99, 98 and 97, ranked 1 to 3.
        foreach (int rank in new[] { 1, 2, 3 })
        {
            await store.People.TryAddAsync(Person(Id, $"stf-{rank}", rank), CancellationToken.None);
        }

        var activities = ReallocationHarness.Activities(store);
        var input = new StaffReallocationActivities.AppealInput(
            Id,
            Round.InSchoolCompetition,
            new ReallocationAppeal("stf-3", "支教年限漏计", "stf-3"),
            new StaffTaskOutcome(StaffTaskResult.Submitted, "t-appeal", new TaskReceipt("R1", "t-appeal", "stf-boss", Decided, new Dictionary<string, string> { ["decision"] = "uphold", ["note"] = "补计一年", ["pointsCorrection"] = "1.5" })),
            Decided.AddHours(1),
            0);

        Assert.True(await activities.ApplyAppealAsync(input, CancellationToken.None));
        // The worker died after the activity's writes, before its answer was recorded: the same call runs again.
        Assert.True(await activities.ApplyAppealAsync(input, CancellationToken.None));

        var people = (await store.PeopleOfAsync(Id, CancellationToken.None)).ToDictionary(p => p.Participant.StaffId, StringComparer.Ordinal);
        Assert.Equal(98.5m, people["stf-3"].Participant.Points);
        Assert.Equal(
            ["stf-1 99 1", "stf-3 98.5 2", "stf-2 98 3"],
            people.Values.OrderBy(p => p.Participant.PointsRank).Select(p => FormattableString.Invariant($"{p.Participant.StaffId} {p.Participant.Points} {p.Participant.PointsRank}")));
        Assert.Single(people["stf-3"].Trace, t => t.Step == "appeal");
        Assert.Single(await store.AppealsOfAsync(Id, CancellationToken.None));
    }
}
