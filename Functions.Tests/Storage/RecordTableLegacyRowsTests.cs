using System.Text.Json;
using Azure.Data.Tables;
using EduFlows.Storage;
using EduFlows.Tests.Infrastructure;

namespace EduFlows.Tests.Storage;

/// <summary>
/// Records keyed (id, id), and rows stored before under (id, "r") still read and moved on first use: one record under
/// one key at every moment, with nothing lost and no record twice in a query.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class RecordTableLegacyRowsTests(AzuriteFixture azurite)
{
    private sealed record Note(string Id, string Text);

    [Fact]
    public async Task NewRecords_AreKeyedByTheirIdInPartitionAndRow()
    {
        var client = NewTable();
        var table = Notes(client);

        Assert.True(await table.TryAddAsync(new Note("n1", "first"), CancellationToken.None));
        await table.PutAsync(new Note("n2", "second"), CancellationToken.None);

        Assert.Equal([("n1", "n1"), ("n2", "n2")], await KeysAsync(client));
    }

    [Fact]
    public async Task ALegacyRow_IsRead_ThenMovedToItsNewKey_AndReplacedByItsVersion()
    {
        var client = NewTable();
        await StoreLegacyAsync(client, new Note("n1", "old"));
        var table = Notes(client);

        var read = await table.GetAsync("n1", CancellationToken.None);
        var replaced = await table.TryReplaceAsync(new Note("n1", "new"), read!.ETag, CancellationToken.None);
        var stale = await table.TryReplaceAsync(new Note("n1", "stale"), read.ETag, CancellationToken.None);

        Assert.Equal(new Note("n1", "old"), read.Record);
        Assert.NotNull(replaced);
        Assert.Null(stale);
        Assert.Equal([("n1", "n1")], await KeysAsync(client));
        Assert.Equal(new Note("n1", "new"), Assert.Single(await table.QueryAsync(null, CancellationToken.None)));
    }

    [Fact]
    public async Task ALegacyRow_BlocksAnAddOfItsId_AndAPutReplacesIt()
    {
        var client = NewTable();
        await StoreLegacyAsync(client, new Note("n1", "old"));
        await StoreLegacyAsync(client, new Note("n2", "kept"));
        var table = Notes(client);

        bool added = await table.TryAddAsync(new Note("n1", "other"), CancellationToken.None);
        await table.PutAllAsync([new Note("n1", "put"), new Note("n3", "new")], 2, CancellationToken.None);

        Assert.False(added);
        Assert.Equal([("n1", "n1"), ("n2", "r"), ("n3", "n3")], await KeysAsync(client));
        Assert.Equal(
            [new Note("n1", "put"), new Note("n2", "kept"), new Note("n3", "new")],
            (await table.QueryAsync(null, CancellationToken.None)).OrderBy(n => n.Id, StringComparer.Ordinal));
        Assert.Equal(new Note("n2", "kept"), (await table.GetAsync("n2", CancellationToken.None))?.Record);
        Assert.Equal([("n1", "n1"), ("n2", "n2"), ("n3", "n3")], await KeysAsync(client));
    }

    [Fact]
    public async Task ReadersMovingTheSameLegacyRowAtOnce_AllReadIt_AndLeaveOneRow()
    {
        var client = NewTable();
        await StoreLegacyAsync(client, new Note("n1", "old"));
        var readers = Enumerable.Range(0, 4).Select(_ => Notes(client)).ToList();

        var read = await Task.WhenAll(readers.SelectMany(r => new[] { r.GetAsync("n1", CancellationToken.None), r.GetAsync("n1", CancellationToken.None) }));

        Assert.All(read, r => Assert.Equal(new Note("n1", "old"), r?.Record));
        Assert.Equal([("n1", "n1")], await KeysAsync(client));
    }

    private TableClient NewTable() => new(azurite.ConnectionString, "Notes" + Guid.NewGuid().ToString("N")[..10]);

    private static RecordTable<Note> Notes(TableClient client) => new(client, n => n.Id, n => new Dictionary<string, object?> { ["Text"] = n.Text });

    // A row as RecordTable stored it before records were keyed by id.
    private static async Task StoreLegacyAsync(TableClient client, Note note)
    {
        await client.CreateIfNotExistsAsync();
        await client.AddEntityAsync(new TableEntity(note.Id, "r") { ["Json"] = JsonSerializer.Serialize(note, RecordSize.Json), ["Text"] = note.Text });
    }

    private static async Task<List<(string, string)>> KeysAsync(TableClient client)
    {
        var keys = new List<(string, string)>();
        await foreach (var row in client.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            keys.Add((row.PartitionKey, row.RowKey));
        }

        return [.. keys.Order()];
    }
}
