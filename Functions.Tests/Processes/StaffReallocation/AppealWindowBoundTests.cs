using EduFlows.Processes.StaffReallocation;
using EduFlows.Storage;
using EduFlows.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using ReallocationProcess = EduFlows.Processes.StaffReallocation.StaffReallocation;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// Issue 16 against Azurite: a round's appeal window keeps at most <see cref="ReallocationProcess.MaxAppealsPerRound"/>
/// appeals however many are posted at once for its last place (both APIs lodge through
/// <see cref="StaffReallocationStore.LodgeAsync"/>), and an appeal posted again takes no second place.
/// </summary>
[Collection(ReallocationProcessTests.Name)]
public sealed class AppealWindowBoundTests(AzuriteFixture azurite)
{
    private const string Id = "staff-reallocation-2027";
    private const int Racers = 8;
    private const int Max = ReallocationProcess.MaxAppealsPerRound;

    [Fact]
    public async Task Lodge_EightAppealsAtOnceForTheWindowsLastPlace_OneIsRaised_SevenFindItFull_AndTheWindowKeeps500()
    {
        var store = ReallocationHarness.NewStore(azurite);
        // The window counted (one appeal lodged through the store), one place left.
        await PutKeptAsync(store, Max - 2);
        Assert.Equal(AppealLodging.Raise, await LodgeAsync(store, Appeal("stf-y001")));

        var racers = Enumerable.Range(1, Racers).Select(n => Appeal($"stf-r{n:D3}")).ToList();
        var lodged = await RaceAsync(store, racers);

        Assert.Equal((1, Racers - 1), (lodged.Count(l => l == AppealLodging.Raise), lodged.Count(l => l == AppealLodging.WindowFull)));
        var kept = await WindowAsync(store);
        Assert.Equal(Max, kept.Count);
        Assert.Equal([racers[Array.IndexOf(lodged, AppealLodging.Raise)].StaffId], kept.Where(a => a.StaffId.StartsWith("stf-r", StringComparison.Ordinal)).Select(a => a.StaffId));
    }

    [Fact]
    public async Task Lodge_AWindowKeptBeforeItHadPlaces_CountsItsRows_EightAtOnceForTheLastPlace_OneIsRaised()
    {
        var store = ReallocationHarness.NewStore(azurite);
        // Kept as the API kept them before windows had places: the rows alone, one place left.
        await PutKeptAsync(store, Max - 1);

        var lodged = await RaceAsync(store, [.. Enumerable.Range(1, Racers).Select(n => Appeal($"stf-r{n:D3}"))]);

        Assert.Equal((1, Racers - 1), (lodged.Count(l => l == AppealLodging.Raise), lodged.Count(l => l == AppealLodging.WindowFull)));
        Assert.Equal(Max, (await WindowAsync(store)).Count);
    }

    [Fact]
    public async Task Lodge_AnAppealPostedAgainWithOnePlaceLeft_IsTakenAsBefore_AndLeavesThePlaceToANewOne()
    {
        var store = ReallocationHarness.NewStore(azurite);
        await PutKeptAsync(store, Max - 2);
        var first = Appeal("stf-y001");
        Assert.Equal(AppealLodging.Raise, await LodgeAsync(store, first));

        // The same appeal again (a form posted twice), and one kept before the window had places: neither takes the last place.
        var again = await LodgeAsync(store, first with { LodgedAt = first.LodgedAt!.Value.AddMinutes(1) });
        var keptBefore = await LodgeAsync(store, Appeal("stf-x001"));
        var last = await LodgeAsync(store, Appeal("stf-z001"));
        var past = await LodgeAsync(store, Appeal("stf-z002"));
        // Another round's window counts its own.
        var otherRound = await LodgeAsync(store, Appeal("stf-z002") with { Round = Round.SupportTeaching });

        Assert.Equal((AppealLodging.Raise, AppealLodging.Raise), (again, keptBefore));
        Assert.Equal((AppealLodging.Raise, AppealLodging.WindowFull, AppealLodging.Raise), (last, past, otherRound));
        var kept = await WindowAsync(store);
        Assert.Equal(Max, kept.Count);
        Assert.Single(kept, a => a.StaffId == "stf-y001");
        Assert.DoesNotContain(kept, a => a.StaffId == "stf-z002");
    }

    [Fact]
    public async Task Lodge_AfterAnAppealTheWindowTookInWithoutTheApi_CountsIt_AndTheWindowKeeps500()
    {
        var store = ReallocationHarness.NewStore(azurite);
        // The window counted (one appeal lodged through the store): two places left.
        await PutKeptAsync(store, Max - 3);
        Assert.Equal(AppealLodging.Raise, await LodgeAsync(store, Appeal("stf-y001")));

        // One raised by hand through the management API: the window takes it in with no row the API kept.
        Assert.True(await store.TakeInAsync(Appeal("stf-m001") with { Number = 7, Intake = AppealIntake.TakenIn }, CancellationToken.None));
        // Taken in again (a retry) it takes no second place.
        Assert.True(await store.TakeInAsync(Appeal("stf-m001") with { Number = 7, Intake = AppealIntake.TakenIn }, CancellationToken.None));

        var last = await LodgeAsync(store, Appeal("stf-z001"));
        var past = await LodgeAsync(store, Appeal("stf-z002"));

        Assert.Equal((AppealLodging.Raise, AppealLodging.WindowFull), (last, past));
        Assert.Equal(Max, (await WindowAsync(store)).Count);
    }

    [Fact]
    public async Task Lodge_AFullWindowHoldingThePlaceOfAPostThatDied_GivesItBackOnceItStoodTenMinutesWithoutItsRow()
    {
        var (store, places, clock) = await WindowFullWithTheDeadPostsPlaceAsync();

        // Within the time a live post can stand between its place and its row, the place is still its own.
        clock.Advance(TimeSpan.FromMinutes(9));
        var beforeTen = await LodgeAsync(store, Appeal("stf-z001"));
        clock.Advance(TimeSpan.FromMinutes(2));
        var afterTen = await LodgeAsync(store, Appeal("stf-z001"));
        var past = await LodgeAsync(store, Appeal("stf-z002"));

        Assert.Equal((AppealLodging.WindowFull, AppealLodging.Raise, AppealLodging.WindowFull), (beforeTen, afterTen, past));
        var kept = await WindowAsync(store);
        Assert.Equal(Max, kept.Count);
        Assert.Contains(kept, a => a.StaffId == "stf-z001");
        Assert.DoesNotContain(kept, a => a.StaffId is "stf-d001" or "stf-z002");
        Assert.Equal(Max, await places.CountAsync($"{Id}:{Round.DirectAppointment}", CancellationToken.None));
    }

    [Fact]
    public async Task Lodge_ThePostThatDiedPostedAgainWhileAFullWindowGivesItsPlaceBack_KeepsItsPlace_AndTheCountStaysWithTheRows()
    {
        var (store, places, clock) = await WindowFullWithTheDeadPostsPlaceAsync();
        var died = Appeal(DeadPost);
        clock.Advance(TimeSpan.FromMinutes(11));
        string window = $"{Id}:{Round.DirectAppointment}";

        // A give-back reads the place as lost (no row); before it deletes it, the same appeal is posted again and kept.
        AppealLodging? again = null;
        int released = await places.ReleaseAsync(window, place =>
        {
            if (place.RowKey == died.Id)
            {
                again = Task.Run(() => LodgeAsync(store, died)).GetAwaiter().GetResult();
            }

            return place.RowKey == died.Id;
        }, CancellationToken.None);

        Assert.Equal((AppealLodging.Raise, 0), (again, released));
        var kept = await WindowAsync(store);
        Assert.Equal(Max, kept.Count);
        Assert.Contains(kept, a => a.StaffId == "stf-d001");
        Assert.Equal(Max, await places.CountAsync(window, CancellationToken.None));
        Assert.Equal(AppealLodging.WindowFull, await LodgeAsync(store, Appeal("stf-z001")));
    }

    private const string DeadPost = "stf-d001";

    // A window one place short of full (one appeal lodged through the store, so it is counted), whose last place a post
    // took and died holding: its place taken as the store takes one, its row never kept.
    private async Task<(StaffReallocationStore Store, BoundedRows Places, FakeTimeProvider Clock)> WindowFullWithTheDeadPostsPlaceAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 2, 1, 0, 0, TimeSpan.Zero));
        var account = StorageAccount.FromConnectionString(azurite.ConnectionString);
        string hub = AzuriteFixture.NewHubName();
        var store = new StaffReallocationStore(account, hub, clock);
        await PutKeptAsync(store, Max - 2);
        Assert.Equal(AppealLodging.Raise, await LodgeAsync(store, Appeal("stf-y001")));
        var places = new BoundedRows(account.Tables.GetTableClient(hub + StaffReallocationStore.PlacesTable));
        Assert.Equal(BoundedAdd.Added, await places.AddAsync(StaffReallocationStore.PlaceOf(Appeal(DeadPost), clock.GetUtcNow()), Max, _ => Task.FromException<int>(new InvalidOperationException("The window is counted.")), CancellationToken.None));
        return (store, places, clock);
    }

    private static AppealRecord Appeal(string staffId) => new()
    {
        ReallocationId = Id,
        Round = Round.DirectAppointment,
        Number = 0,
        StaffId = staffId,
        Reason = "积分有误",
        LodgedBy = staffId,
        LodgedAt = new DateTimeOffset(2026, 9, 2, 1, 0, 0, TimeSpan.Zero),
        Intake = AppealIntake.Lodged,
    };

    // The window's appeals as the API kept them (accepted) before windows had places: stf-x001 on.
    private static Task PutKeptAsync(StaffReallocationStore store, int count) =>
        store.Appeals.PutAllAsync(Enumerable.Range(1, count).Select(n => Appeal($"stf-x{n:D3}") with { Intake = AppealIntake.Accepted }), 16, CancellationToken.None);

    private static Task<AppealLodging> LodgeAsync(StaffReallocationStore store, AppealRecord appeal) =>
        store.LodgeAsync(appeal, _ => true, CancellationToken.None);

    // The appeals lodged at once: each waits at the gate until all are ready, so all look for a place together.
    private static async Task<AppealLodging[]> RaceAsync(StaffReallocationStore store, List<AppealRecord> appeals)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var posts = appeals.Select(a => Task.Run(async () =>
        {
            await gate.Task;
            return await LodgeAsync(store, a);
        })).ToList();
        gate.SetResult();
        return await Task.WhenAll(posts);
    }

    private static async Task<List<AppealRecord>> WindowAsync(StaffReallocationStore store) =>
        [.. (await store.AppealsOfAsync(Id, CancellationToken.None)).Where(a => a.Round == Round.DirectAppointment)];
}
