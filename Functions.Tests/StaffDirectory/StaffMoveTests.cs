using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using EduFlows.Tests.Infrastructure;
using EduFlows.Tests.Processes.HeadTeachersAssociation;

namespace EduFlows.Tests.StaffDirectory;

/// <summary>
/// A move (secondment out and back, a renewal's promotion) writes the person's unit and post while the office may be
/// editing the same person: neither may lose the other's change. The race is set by a gate on the move's table
/// requests, not by timing. And the staff table's reads by id: a range of ids reads those rows and no others.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class StaffMoveTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task OfficeEditLandingBetweenTheMovesReadAndWrite_IsKept_AndThePersonEndsMoved()
    {
        var gate = new TableRequestGate();
        string prefix = AzuriteFixture.NewHubName() + "Dir";
        var options = new TableClientOptions();
        options.AddPolicy(gate, HttpPipelinePosition.PerCall);
        var moving = new DirectoryStore(new StorageAccount(new TableServiceClient(azurite.ConnectionString, options), new BlobServiceClient(azurite.ConnectionString)), prefix);
        var office = new DirectoryStore(azurite.ConnectionString, prefix);
        await office.Staff.UpsertAsync(Teacher() with { Mobile = "13800000001" }, CancellationToken.None);

        // The move's first write to the staff table is held: by then it has read the person as they were.
        var held = gate.HoldFirst("move", r => TableRequestGate.Writes(r, prefix + "Staff"));
        var move = Task.Run(() =>
        {
            TableRequestGate.Enter("move");
            return moving.MoveAsync(new StaffMoveRequest("mv-1", "t-1", new DateOnly(2027, 3, 1), "sch-002", null, "teacher", "支教交流", "secondment"), CancellationToken.None);
        });
        await held.Reached;
        var edited = (await office.Staff.GetAsync("t-1", CancellationToken.None))! with { Mobile = "13900000002" };
        await office.Staff.UpsertAsync(edited, CancellationToken.None);
        held.Release();
        var kept = await move;

        var person = (await office.Staff.GetAsync("t-1", CancellationToken.None))!;
        Assert.Equal(("sch-002", "13900000002"), (person.SchoolId, person.Mobile));
        Assert.Equal(("sch-001", "sch-002"), (kept!.FromSchoolId, kept.ToSchoolId));
        Assert.Single(await office.MovesOfAsync("t-1", CancellationToken.None));
    }

    [Fact]
    public async Task TryReplace_OverAVersionSinceWritten_IsRefused_AndChangesNothing()
    {
        var store = new DirectoryStore(azurite.ConnectionString, AzuriteFixture.NewHubName() + "Dir");
        await store.Staff.UpsertAsync(Teacher(), CancellationToken.None);
        var (read, version) = (await store.Staff.GetVersionedAsync("t-1", CancellationToken.None))!.Value;
        await store.Staff.UpsertAsync(read with { Mobile = "13900000002" }, CancellationToken.None);

        bool replaced = await store.Staff.TryReplaceAsync(read with { Name = "王芳芳" }, version, CancellationToken.None);

        Assert.False(replaced);
        var person = (await store.Staff.GetAsync("t-1", CancellationToken.None))!;
        Assert.Equal(("王芳", "13900000002"), (person.Name, person.Mobile));
    }

    [Fact]
    public async Task Range_ReadsExactlyTheIdsFromFirstToLast_NotTheRowsAroundThem()
    {
        var store = new DirectoryStore(azurite.ConnectionString, AzuriteFixture.NewHubName() + "Dir");
        // Ids before, inside and after the range, the nearest ones on both sides (ordinal: "stf-b7-old" sorts after "stf-b7").
        string[] ids = ["stf-a1", "stf-b4", "stf-b5", "stf-b6", "stf-b7", "stf-b7-old", "stf-b8", "stf-c1"];
        await store.Staff.ApplyAsync([.. ids.Select(id => Teacher() with { Id = id })], CancellationToken.None);

        var found = await store.Staff.RangeAsync("stf-b5", "stf-b7", CancellationToken.None);

        Assert.Equal(["stf-b5", "stf-b6", "stf-b7"], found.Select(s => s.Id));
        Assert.Equal(["stf-b6"], (await store.Staff.RangeAsync("stf-b6", "stf-b6", CancellationToken.None)).Select(s => s.Id));
    }

    private static StaffMember Teacher() => new() { Id = "t-1", Name = "王芳", Gender = "female", Post = "teacher", SchoolId = "sch-001" };
}
