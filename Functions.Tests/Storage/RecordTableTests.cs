using Azure.Data.Tables;
using EduFlows.Storage;
using EduFlows.Tests.Infrastructure;

namespace EduFlows.Tests.Storage;

/// <summary>Records in an Azure table: adding once, replacing by version, and writing whatever is there.</summary>
[Collection(AzuriteTests.Name)]
public sealed class RecordTableTests(AzuriteFixture azurite)
{
    private sealed record Note(string Id, string Text);

    [Fact]
    public async Task Put_AddsOrReplaces_AndTheSamePutTwiceLeavesOneRecord()
    {
        var table = new RecordTable<Note>(new TableClient(azurite.ConnectionString, "Notes" + Guid.NewGuid().ToString("N")[..10]), n => n.Id, n => new Dictionary<string, object?> { ["Text"] = n.Text });

        await table.PutAsync(new Note("n1", "first"), CancellationToken.None);
        bool addedAgain = await table.TryAddAsync(new Note("n1", "other"), CancellationToken.None);
        await table.PutAsync(new Note("n1", "second"), CancellationToken.None);
        await table.PutAsync(new Note("n1", "second"), CancellationToken.None);

        Assert.False(addedAgain);
        Assert.Equal(new Note("n1", "second"), Assert.Single(await table.QueryAsync(null, CancellationToken.None)));
    }
}
