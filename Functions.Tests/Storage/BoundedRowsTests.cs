using Azure.Data.Tables;
using EduFlows.Storage;
using EduFlows.Tests.Infrastructure;

namespace EduFlows.Tests.Storage;

/// <summary>Against Azurite: a bounded partition's adds as two identical posts race for its last place.</summary>
[Collection(AzuriteTests.Name)]
public sealed class BoundedRowsTests(AzuriteFixture azurite)
{
    private const string Window = "window-1";
    private const int Bound = 3;

    [Fact]
    public async Task Add_TheSameRowTakesTheLastPlaceBetweenTheChecks_IsAlreadyKept_NotFull()
    {
        var table = new TableClient(azurite.ConnectionString, "Bounded" + Guid.NewGuid().ToString("N")[..10]);
        var rows = new BoundedRows(table);
        await table.CreateIfNotExistsAsync();
        foreach (var n in Enumerable.Range(1, Bound - 1))
        {
            await table.AddEntityAsync(new TableEntity(Window, $"kept-{n}"));
        }

        var row = new TableEntity(Window, "posted-twice");
        var competing = BoundedAdd.Full;

        // The partition has no count yet, so the first post counts it; while it does, the identical post (from another
        // host) takes the last place, and the count the first reads includes it.
        var first = await rows.AddAsync(
            row,
            Bound,
            async token =>
            {
                competing = await new BoundedRows(table).AddAsync(new TableEntity(Window, "posted-twice"), Bound, _ => Task.FromResult(Bound - 1), token);
                return Bound;
            },
            CancellationToken.None);

        Assert.Equal((BoundedAdd.Added, BoundedAdd.AlreadyKept), (competing, first));
        Assert.Equal(Bound, await rows.CountAsync(Window, CancellationToken.None));
        Assert.Equal(Bound, await RowsAsync(table));
    }

    [Fact]
    public async Task Add_ADifferentRowWithThePartitionFull_IsFull_AndNothingIsWritten()
    {
        var table = new TableClient(azurite.ConnectionString, "Bounded" + Guid.NewGuid().ToString("N")[..10]);
        var rows = new BoundedRows(table);
        foreach (var n in Enumerable.Range(1, Bound))
        {
            Assert.Equal(BoundedAdd.Added, await rows.AddAsync(new TableEntity(Window, $"row-{n}"), Bound, _ => Task.FromResult(0), CancellationToken.None));
        }

        Assert.Equal(BoundedAdd.Full, await rows.AddAsync(new TableEntity(Window, "row-4"), Bound, _ => Task.FromResult(0), CancellationToken.None));
        Assert.Equal(Bound, await rows.CountAsync(Window, CancellationToken.None));
        Assert.Equal(Bound, await RowsAsync(table));
    }

    [Fact]
    public async Task Add_ANewRowToACountedPartition_ReadsOnlyTheCount_AndTheSameRowAgainReadsItAfterTheRefusedTransaction()
    {
        var table = new TableClient(azurite.ConnectionString, "Bounded" + Guid.NewGuid().ToString("N")[..10]);
        var rows = new BoundedRows(table);
        Assert.Equal(BoundedAdd.Added, await rows.AddAsync(new TableEntity(Window, "first"), Bound, _ => Task.FromResult(0), CancellationToken.None));

        var (added, addCost) = await StorageRequests.CountAsync(() => rows.AddAsync(new TableEntity(Window, "second"), Bound, CountedAlready, CancellationToken.None));
        var (again, againCost) = await StorageRequests.CountAsync(() => rows.AddAsync(new TableEntity(Window, "second"), Bound, CountedAlready, CancellationToken.None));

        // The count, then the transaction; posted again, the transaction is refused and the row is read to say so.
        Assert.Equal(BoundedAdd.Added, added);
        Assert.Equal(["GET kept-count", "POST $batch"], addCost.Select(Described));
        Assert.Equal(BoundedAdd.AlreadyKept, again);
        Assert.Equal(["GET kept-count", "POST $batch", "GET second"], againCost.Select(Described));
        Assert.Equal(2, await rows.CountAsync(Window, CancellationToken.None));
        Assert.Equal(2, await RowsAsync(table));
    }

    private static Task<int> CountedAlready(CancellationToken cancellationToken) => throw new InvalidOperationException("The partition has its count.");

    // "GET kept-count" for a point read of the row keyed kept-count, "POST $batch" for a transaction.
    private static string Described(string request)
    {
        string method = request[..request.IndexOf(' ', StringComparison.Ordinal)];
        string path = new Uri(request[(method.Length + 1)..]).AbsolutePath;
        var rowKey = System.Text.RegularExpressions.Regex.Match(Uri.UnescapeDataString(path), "RowKey='([^']*)'");
        return $"{method} {(rowKey.Success ? rowKey.Groups[1].Value : path[(path.LastIndexOf('/') + 1)..])}";
    }

    // The partition's rows, its count left out.
    private static async Task<int> RowsAsync(TableClient table)
    {
        int rows = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == Window, select: ["RowKey"]))
        {
            rows += row.RowKey == BoundedRows.CountRow ? 0 : 1;
        }

        return rows;
    }
}
