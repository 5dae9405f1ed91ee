using Azure.Data.Tables;
using Azure.Storage.Blobs;
using EduFlows.Processes.StaffReallocation;
using EduFlows.Storage;
using EduFlows.Tests.Infrastructure;
using static EduFlows.Tests.Processes.StaffReallocation.County;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>
/// A reallocation started before the people moved to one partition per reallocation keeps its people: their rows of
/// the earlier layout (one partition per person) move over on first use, never overwriting a newer row.
/// </summary>
[Collection(ReallocationProcessTests.Name)]
public sealed class PeopleEarlierLayoutTests(AzuriteFixture azurite)
{
    private const string Id = "staff-reallocation-2026";

    [Fact]
    public async Task PeopleStoredInTheEarlierLayout_AreReadAfterTheUpgrade_OnceEach_AndANewerRowIsKept()
    {
        string hub = AzuriteFixture.NewHubName();
        var tables = new TableServiceClient(azurite.ConnectionString);
        var account = new StorageAccount(tables, new BlobServiceClient(azurite.ConnectionString));
        // The earlier layout, as the store wrote it before: one partition per person, the record as JSON.
        var earlier = new RecordTable<PersonRecord>(tables.GetTableClient(hub + "ReallocationPeople"), p => p.Id, p => new Dictionary<string, object?>
        {
            ["ReallocationId"] = p.ReallocationId,
            ["SchoolId"] = p.Participant.SchoolId,
        });
        var before = Enumerable.Range(1, 30).Select(n => Person(Id, $"stf-{n:D3}", n)).ToList();
        foreach (var person in before)
        {
            await earlier.PutAsync(person, CancellationToken.None);
        }

        var otherReallocation = Person("staff-reallocation-2025", "stf-001", 1);
        await earlier.PutAsync(otherReallocation, CancellationToken.None);

        // A move stopped part-way: person 2 already here and changed since, which the rest of the move must not undo.
        var newer = before[1] with { Trace = [new TraceEntry(new DateTimeOffset(2026, 7, 1, 9, 0, 0, TimeSpan.Zero), "system", "DirectAppointment", "留任本校")] };
        await new PeopleTable(tables.GetTableClient(hub + "ReallocationStaff")).PutAllAsync([newer], 16, CancellationToken.None);

        var afterUpgrade = new StaffReallocationStore(account, hub);
        var one = await new StaffReallocationStore(account, hub).People.GetAsync(PersonRecord.IdOf(Id, "stf-030"), CancellationToken.None);
        var everyone = await afterUpgrade.PeopleOfAsync(Id, CancellationToken.None);
        var again = await new StaffReallocationStore(account, hub).PeopleOfAsync(Id, CancellationToken.None);
        var left = await earlier.QueryAsync(null, CancellationToken.None);

        Assert.Equal("stf-030", one?.Record.Participant.StaffId);
        Assert.Equal(before.Select(p => p.Participant.StaffId), everyone.Select(p => p.Participant.StaffId).Order(StringComparer.Ordinal));
        Assert.Equal("留任本校", Assert.Single(everyone.Single(p => p.Participant.StaffId == "stf-002").Trace).What);
        Assert.Equal(30, again.Count);
        // This reallocation's rows left the earlier table; another reallocation's stay until it is used.
        Assert.Equal([otherReallocation.Id], left.Select(p => p.Id));
    }
}
