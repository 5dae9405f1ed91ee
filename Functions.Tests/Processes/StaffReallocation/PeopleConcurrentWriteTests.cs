using Azure;
using EduFlows.Processes.StaffReallocation;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using static EduFlows.Tests.Processes.StaffReallocation.County;
using static EduFlows.Tests.Processes.StaffReallocation.ReallocationHarness;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// Issue 16: the activities changing people's rows (answers recorded, a round's results, the re-ranking after an
/// appeal) write each row only over the version they read. The office correcting a person between an activity's read
/// and its write keeps its correction, the activity's change is made on the corrected row, and the activity run again
/// writes nothing.
/// </summary>
[Collection(ReallocationProcessTests.Name)]
public sealed class PeopleConcurrentWriteTests(AzuriteFixture azurite)
{
    private const string Id = "staff-reallocation-2027";
    private static readonly DateTimeOffset At = new(2027, 7, 20, 9, 0, 0, TimeSpan.Zero);
    private static readonly TraceEntry Correction = new(At, "stf-3", "office", "办公室更正：学校已确认其在编在岗");

    [Fact]
    public async Task RecordAnswers_OfficeCorrectsAPersonBetweenTheReadAndTheWrite_BothTheCorrectionAndTheAnswerAreKept_AndARetryWritesNothing()
    {
        var store = await CountyAsync(3, seats: 3);
        var office = new Office(store, "stf-1");
        var input = new StaffReallocationActivities.RecordInput(Id, StaffReallocationActivities.Steps.Direct, [Confirm("stf-1", "confirm"), Confirm("stf-2", "decline")], At);

        await Activities(store, office.Corrects).RecordAnswersAsync(input, CancellationToken.None);
        var versions = await VersionsAsync(store);
        await Activities(store, null).RecordAnswersAsync(input, CancellationToken.None);

        var people = await PeopleAsync(store);
        Assert.True(office.Edited);
        Assert.Contains(Correction, people["stf-1"].Trace);
        Assert.True(people["stf-1"].PrincipalConfirmed);
        Assert.Contains(people["stf-1"].Trace, t => t.Step == StaffReallocationActivities.Steps.Direct && t.What == "principal confirmed the direct appointment");
        Assert.False(people["stf-2"].PrincipalConfirmed);
        Assert.Single(people["stf-2"].Trace, t => t.Step == StaffReallocationActivities.Steps.Direct);
        Assert.Null(people["stf-3"].PrincipalConfirmed);
        Assert.Equal(2, office.Passes);
        // Run again (a retry after a crash), every row is already right: none is written.
        Assert.Equal(versions, await VersionsAsync(store));
    }

    [Fact]
    public async Task ApplyRound_OfficeCorrectsAPlacedPersonBetweenTheReadAndTheWrite_TheCorrectionAndThePlacementAreKept_AndARetryWritesNothing()
    {
        var store = await CountyAsync(3, seats: 2);
        var office = new Office(store, "stf-1");
        var input = new StaffReallocationActivities.ApplyInput(Id, Round.InSchoolCompetition, false, At);

        var changed = await Activities(store, office.Corrects).ApplyRoundAsync(input, CancellationToken.None);
        var versions = await VersionsAsync(store);
        var again = await Activities(store, null).ApplyRoundAsync(input, CancellationToken.None);

        var people = await PeopleAsync(store);
        Assert.True(office.Edited);
        Assert.Contains(Correction, people["stf-1"].Trace);
        Assert.Equal(["stf-1", "stf-2"], changed.Order(StringComparer.Ordinal));
        Assert.Equal(Round.InSchoolCompetition, people["stf-1"].Placement?.Round);
        Assert.Single(people["stf-1"].Trace, t => t.Step == nameof(Round.InSchoolCompetition));
        Assert.Equal(Round.InSchoolCompetition, people["stf-2"].Placement?.Round);
        Assert.Null(people["stf-3"].Placement);
        Assert.Equal(2, office.Passes);
        // The same call run again tells the same people and writes no row.
        Assert.Equal(changed.Order(StringComparer.Ordinal), again.Order(StringComparer.Ordinal));
        Assert.Equal(versions, await VersionsAsync(store));

        // The pass after the conflict ran on the county before the round, not on the rows its first pass had written:
        // each placement, its detail ("1 of 3 for 2 seats") included, is the one an undisturbed run gives.
        var undisturbed = await CountyAsync(3, seats: 2);
        await Activities(undisturbed, null).ApplyRoundAsync(input, CancellationToken.None);
        var expected = await PeopleAsync(undisturbed);
        Assert.All(people, p => Assert.Equal(expected[p.Key].Placement, p.Value.Placement));
    }

    [Fact]
    public async Task ApplyAppeal_OfficeCorrectsSomeoneTheReRankingMoves_BetweenItsReadAndItsWrite_TheCorrectionAndTheNewRankAreKept()
    {
        // Points 99, 98 and 97, ranked 1 to 3; stf-3's upheld appeal adds 1.5, which moves stf-2 down to 3.
        var store = await CountyAsync(3, seats: 3);
        var office = new Office(store, "stf-2");
        var input = new StaffReallocationActivities.AppealInput(
            Id,
            Round.InSchoolCompetition,
            new ReallocationAppeal("stf-3", "支教年限漏计", "stf-3"),
            new StaffTaskOutcome(StaffTaskResult.Submitted, "t-appeal", new TaskReceipt("R1", "t-appeal", "stf-boss", At, new Dictionary<string, string> { ["decision"] = "uphold", ["pointsCorrection"] = "1.5" })),
            At.AddHours(1),
            0);

        Assert.True(await Activities(store, office.Corrects).ApplyAppealAsync(input, CancellationToken.None));
        var versions = await VersionsAsync(store);
        Assert.True(await Activities(store, null).ApplyAppealAsync(input, CancellationToken.None));

        var people = await PeopleAsync(store);
        Assert.True(office.Edited);
        Assert.Contains(Correction, people["stf-2"].Trace);
        Assert.Equal(2, office.Passes);
        Assert.Equal(
            ["stf-1 99 1", "stf-3 98.5 2", "stf-2 98 3"],
            people.Values.OrderBy(p => p.Participant.PointsRank).Select(p => FormattableString.Invariant($"{p.Participant.StaffId} {p.Participant.Points} {p.Participant.PointsRank}")));
        Assert.Equal(versions, await VersionsAsync(store));
    }

    private static StaffReallocationActivities.Answer Confirm(string staffId, string decision) =>
        new(staffId, new StaffTaskOutcome(StaffTaskResult.Submitted, $"t-{staffId}", new TaskReceipt($"R-{staffId}", $"t-{staffId}", "stf-pa", At, new Dictionary<string, string> { ["decision"] = decision })));

    // One school, people ranked 1 to n in one subject, and that subject's seats, as Prepare and the posts window leave them.
    private async Task<StaffReallocationStore> CountyAsync(int people, int seats)
    {
        var store = NewStore(azurite);
        for (int rank = 1; rank <= people; rank++)
        {
            Assert.True(await store.People.TryAddAsync(Person(Id, $"stf-{rank}", rank), CancellationToken.None));
        }

        await store.Posts.PutAsync(new SchoolPostsRecord(Id, "sch-a", [Post("sch-a", count: seats)], "stf-pa", DateTimeOffset.UnixEpoch), CancellationToken.None);
        return store;
    }

    private static async Task<Dictionary<string, PersonRecord>> PeopleAsync(StaffReallocationStore store) =>
        (await store.PeopleOfAsync(Id, CancellationToken.None)).ToDictionary(p => p.Participant.StaffId, StringComparer.Ordinal);

    private static async Task<Dictionary<string, ETag>> VersionsAsync(StaffReallocationStore store) =>
        (await store.People.OfVersionedAsync(Id, CancellationToken.None)).ToDictionary(p => p.Record.Participant.StaffId, p => p.ETag, StringComparer.Ordinal);

    // The office correcting one person's row, over its version, once: between the activity's first read and its write.
    private sealed class Office(StaffReallocationStore store, string staffId)
    {
        public int Passes { get; private set; }

        public bool Edited { get; private set; }

        public async Task Corrects(CancellationToken cancellationToken)
        {
            if (Passes++ > 0)
            {
                return;
            }

            var read = (await store.People.GetAsync(PersonRecord.IdOf(Id, staffId), cancellationToken))!;
            Edited = await store.People.TryReplaceAsync(read.Record with { Trace = [.. read.Record.Trace, Correction] }, read.ETag, cancellationToken) is not null;
        }
    }
}
