using EduFlows.Processes.StaffReallocation;
using EduFlows.Tasks;
using EduFlows.Tests.Infrastructure;
using static EduFlows.Tests.Processes.StaffReallocation.County;
using static EduFlows.Tests.Processes.StaffReallocation.ReallocationHarness;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// Issue 16: the bureau's unplaced cases are decided in batches of 200 whose answers are recorded side by side, each
/// reading the seats free from the people rows as they stood. Two batches giving two people the last seat of a post
/// both placed them: the post held one more teacher than it has seats. A seat is now claimed (a row per seat, added
/// only if absent) before the person's row says so.
/// </summary>
[Collection(ReallocationProcessTests.Name)]
public sealed class BureauSeatClaimTests(AzuriteFixture azurite)
{
    private const string Id = "staff-reallocation-2027";
    private static readonly DateTimeOffset At = new(2027, 8, 20, 9, 0, 0, TimeSpan.Zero);
    private static readonly string PostA = SchoolPost.IdFor("sch-a", "junior", "mathematics");

    [Fact]
    public async Task TwoBatchesGivingTheLastSeat_RecordedSideBySide_PlaceOnePersonOnly_TheOtherCaseStaysOpenSayingThePostIsFull()
    {
        // sch-a's one mathematics seat is free after the rounds; stf-2 and stf-3 are unplaced, in different batches.
        var store = await CountyAsync();
        var second = new StaffReallocationActivities.RecordInput(Id, StaffReallocationActivities.Steps.Unplaced, [Assign("stf-3")], At.AddMinutes(1));
        bool ran = false;

        // The second batch is recorded whole between the first batch's read and its write.
        async Task SecondBatch(CancellationToken ct)
        {
            if (!ran)
            {
                ran = true;
                await Activities(store, null).RecordAnswersAsync(second, ct);
            }
        }

        var first = new StaffReallocationActivities.RecordInput(Id, StaffReallocationActivities.Steps.Unplaced, [Assign("stf-2")], At);
        await Activities(store, SecondBatch).RecordAnswersAsync(first, CancellationToken.None);

        var people = (await store.PeopleOfAsync(Id, CancellationToken.None)).ToDictionary(p => p.Participant.StaffId, StringComparer.Ordinal);
        Assert.True(ran);
        Assert.Equal(PostA, people["stf-2"].Placement?.PostId);
        Assert.Equal(PlacementRule.BureauDecision, people["stf-2"].Placement?.Rule);
        Assert.Null(people["stf-3"].Placement);
        Assert.Contains("not placed", people["stf-3"].BureauDecision, StringComparison.Ordinal);
        // Two seats in all: stf-1's from the rounds and the one the bureau gave.
        Assert.Equal(2, people.Values.Count(p => p.Placement?.PostId == PostA));

        // Both recorded again (retries after a crash): the same person keeps the seat, nobody else gets it.
        await Activities(store, null).RecordAnswersAsync(second, CancellationToken.None);
        await Activities(store, null).RecordAnswersAsync(first, CancellationToken.None);
        people = (await store.PeopleOfAsync(Id, CancellationToken.None)).ToDictionary(p => p.Participant.StaffId, StringComparer.Ordinal);
        Assert.Equal(PostA, people["stf-2"].Placement?.PostId);
        Assert.Null(people["stf-3"].Placement);
    }

    [Fact]
    public async Task TwoSeatsLeft_TwoBatches_BothPlaced_AndARetryOfTheFirstKeepsItsOwnSeat()
    {
        var store = await CountyAsync(seats: 2);
        var first = new StaffReallocationActivities.RecordInput(Id, StaffReallocationActivities.Steps.Unplaced, [Assign("stf-2")], At);
        var second = new StaffReallocationActivities.RecordInput(Id, StaffReallocationActivities.Steps.Unplaced, [Assign("stf-3")], At);

        await Activities(store, null).RecordAnswersAsync(first, CancellationToken.None);
        await Activities(store, null).RecordAnswersAsync(second, CancellationToken.None);
        await Activities(store, null).RecordAnswersAsync(first, CancellationToken.None);

        var people = (await store.PeopleOfAsync(Id, CancellationToken.None)).ToDictionary(p => p.Participant.StaffId, StringComparer.Ordinal);
        Assert.Equal(PostA, people["stf-2"].Placement?.PostId);
        Assert.Equal(PostA, people["stf-3"].Placement?.PostId);
        Assert.Equal(2, (await store.SeatClaims.QueryAsync(null, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task ABureauPlacementDecidedBeforeSeatsWereClaimed_StillTakesItsSeat()
    {
        // stf-2 was given the one free seat before claims existed (a reallocation in its unplaced stage at the deploy):
        // the row says so, no claim does.
        var store = await CountyAsync();
        var given = (await store.People.GetAsync(PersonRecord.IdOf(Id, "stf-2"), CancellationToken.None))!;
        var post = Post("sch-a", count: 2);
        var earlier = given.Record with { Placement = CountyState.Place(given.Record.Participant, post, Round.Unplaced, PlacementRule.BureauDecision, "调剂"), BureauDecision = "assigned" };
        Assert.NotNull(await store.People.TryReplaceAsync(earlier, given.ETag, CancellationToken.None));

        await Activities(store, null).RecordAnswersAsync(new StaffReallocationActivities.RecordInput(Id, StaffReallocationActivities.Steps.Unplaced, [Assign("stf-3")], At), CancellationToken.None);

        var people = (await store.PeopleOfAsync(Id, CancellationToken.None)).ToDictionary(p => p.Participant.StaffId, StringComparer.Ordinal);
        Assert.Null(people["stf-3"].Placement);
        Assert.Contains("not placed", people["stf-3"].BureauDecision, StringComparison.Ordinal);
        Assert.Equal(2, people.Values.Count(p => p.Placement?.PostId == PostA));
    }

    private static StaffReallocationActivities.Answer Assign(string staffId) =>
        new(staffId, new StaffTaskOutcome(StaffTaskResult.Submitted, $"t-{staffId}", new TaskReceipt($"R-{staffId}", $"t-{staffId}", "stf-boss", At, new Dictionary<string, string> { ["decision"] = "assign", ["postId"] = PostA, ["note"] = "调剂至城关中学" })));

    // sch-a: stf-1 placed in the post by the in-school round, stf-2 and stf-3 (of sch-b) unplaced; the post has
    // <paramref name="seats"/> seats more than stf-1 fills.
    private async Task<StaffReallocationStore> CountyAsync(int seats = 1)
    {
        var store = NewStore(azurite);
        var post = Post("sch-a", count: seats + 1);
        var placed = Staff("stf-1", "sch-a", 1);
        Assert.True(await store.People.TryAddAsync(new PersonRecord { ReallocationId = Id, Participant = placed, PrincipalId = "stf-pa", Placement = CountyState.Place(placed, post, Round.InSchoolCompetition, PlacementRule.InSchoolByPoints, "校内竞聘") }, CancellationToken.None));
        foreach (string id in new[] { "stf-2", "stf-3" })
        {
            Assert.True(await store.People.TryAddAsync(new PersonRecord { ReallocationId = Id, Participant = Staff(id, "sch-b", 2), PrincipalId = "stf-pb", Unplaced = new UnplacedCase(id, "sch-b", ["no seat"]) }, CancellationToken.None));
        }

        await store.Posts.PutAsync(new SchoolPostsRecord(Id, "sch-a", [post], "stf-pa", DateTimeOffset.UnixEpoch), CancellationToken.None);
        await store.Posts.PutAsync(new SchoolPostsRecord(Id, "sch-b", [Post("sch-b", count: 0)], "stf-pb", DateTimeOffset.UnixEpoch), CancellationToken.None);
        return store;
    }
}
