using EduFlows.Processes.StaffReallocation;
using EduFlows.Tests.Infrastructure;

namespace EduFlows.Tests.Processes.StaffReallocation;

/// <summary>The reallocation's tables on Azurite: reading one batch's people without reading the county.</summary>
[Collection(ReallocationProcessTests.Name)]
public sealed class StaffReallocationStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task PeopleAsync_SortedBatch_OnlyThoseAskedForOfThatReallocation()
    {
        var store = ReallocationHarness.NewStore(azurite);
        string[] county = ["stf-00001", "stf-00002", "stf-00003", "stf-00004", "stf-00005", "stf-00010"];
        foreach (string reallocation in new[] { "staff-reallocation-2027", "staff-reallocation-2027b" })
        {
            foreach (string staffId in county)
            {
                await store.People.TryAddAsync(new PersonRecord { ReallocationId = reallocation, Participant = County.Staff(staffId, "sch-a", 1) }, CancellationToken.None);
            }
        }

        // A sparse batch (the direct window asks a few of the county) and a batch of one; an id not stored is left out.
        var sparse = await store.PeopleAsync("staff-reallocation-2027", ["stf-00002", "stf-00004", "stf-00009"], CancellationToken.None);
        var one = await store.PeopleAsync("staff-reallocation-2027", ["stf-00010"], CancellationToken.None);
        var none = await store.PeopleAsync("staff-reallocation-2027", [], CancellationToken.None);

        Assert.Equal(["stf-00002", "stf-00004"], sparse.Select(p => p.Participant.StaffId).Order(StringComparer.Ordinal));
        Assert.All(sparse, p => Assert.Equal("staff-reallocation-2027", p.ReallocationId));
        Assert.Equal("stf-00010", Assert.Single(one).Participant.StaffId);
        Assert.Empty(none);
    }
}
