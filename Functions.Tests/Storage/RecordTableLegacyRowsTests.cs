using System.Text.Json;
using Azure;
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

    [Fact]
    public async Task AReadMissingTheNewKey_WhileAnotherFirstUseFindsNoOldRowsLeft_StillReadsTheMovedRecord()
    {
        // The interleaving behind "read null once in 8": reader A misses n1 under the new key; meanwhile n1 is moved,
        // and reader B, a first use of the same table begun before A's, then finds no old-key rows and clears the flag
        // before A looks under the old key.
        string name = "Notes" + Guid.NewGuid().ToString("N")[..10];
        var client = new TableClient(azurite.ConnectionString, name);
        await StoreLegacyAsync(client, new Note("n1", "old"));
        var gated = new GatedTable(azurite.ConnectionString, name, "n1");
        var table = Notes(gated);

        var b = table.GetAsync("n1", CancellationToken.None);
        await gated.FirstQueryWaiting.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var a = table.GetAsync("n1", CancellationToken.None);
        await gated.MissWaiting.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var moved = await Notes(client).GetAsync("n1", CancellationToken.None);
        gated.ReleaseFirstQuery.SetResult();
        var readByB = await b.WaitAsync(TimeSpan.FromSeconds(30));
        gated.ReleaseMiss.SetResult();
        var readByA = await a.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(new Note("n1", "old"), moved?.Record);
        Assert.Equal(new Note("n1", "old"), readByB?.Record);
        Assert.Equal(new Note("n1", "old"), readByA?.Record);
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

    // A table whose first query (a first use's look for old-key rows) waits to be released, and whose first read of one
    // record under its new key waits, once it has missed, to be released: the two points the race falls between.
    private sealed class GatedTable(string connectionString, string name, string heldId) : TableClient(connectionString, name)
    {
        private int _queries;
        private int _misses;

        public TaskCompletionSource FirstQueryWaiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource ReleaseFirstQuery { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource MissWaiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource ReleaseMiss { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override AsyncPageable<T> QueryAsync<T>(string? filter = null, int? maxPerPage = null, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
        {
            var rows = base.QueryAsync<T>(filter, maxPerPage, select, cancellationToken);
            return Interlocked.Increment(ref _queries) == 1 ? new HeldPages<T>(rows, FirstQueryWaiting, ReleaseFirstQuery.Task) : rows;
        }

        public override async Task<NullableResponse<T>> GetEntityIfExistsAsync<T>(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
        {
            var row = await base.GetEntityIfExistsAsync<T>(partitionKey, rowKey, select, cancellationToken);
            if (!row.HasValue && partitionKey == heldId && rowKey == heldId && Interlocked.Increment(ref _misses) == 1)
            {
                MissWaiting.SetResult();
                await ReleaseMiss.Task;
            }

            return row;
        }
    }

    private sealed class HeldPages<T>(AsyncPageable<T> rows, TaskCompletionSource waiting, Task release) : AsyncPageable<T>
        where T : notnull
    {
        public override async IAsyncEnumerable<Page<T>> AsPages(string? continuationToken = null, int? pageSizeHint = null)
        {
            waiting.SetResult();
            await release;
            await foreach (var page in rows.AsPages(continuationToken, pageSizeHint))
            {
                yield return page;
            }
        }
    }
}
