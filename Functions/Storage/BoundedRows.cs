using Azure;
using Azure.Data.Tables;

namespace EduFlows.Storage;

/// <summary>
/// Rows added to a partition under a bound, atomically (issue 16): each new row goes in together with the partition's
/// count (a row of its own, <see cref="CountRow"/>) in one entity-group transaction, the count guarded by its ETag, so
/// two writers racing for the last place never both get it, and a writer that crashes leaves both written or neither.
/// </summary>
/// <remarks>
/// A row already in the partition (the same one posted again) fails the transaction, is then found as it stands and
/// takes no second place; it is read only then, or when the partition is full, so adding a new row costs two calls. A
/// partition kept before it had a count is counted once by the caller (<c>countKept</c>), and that count is added
/// without an ETag in the row's transaction: a writer that counted at the same moment fails on the count the other
/// added, and tries again from it. Queries over the partition's rows leave out <see cref="CountRow"/>.
/// </remarks>
public sealed class BoundedRows(TableClient table)
{
    /// <summary>The row key of the partition's count (rows of a bounded partition must not use it).</summary>
    public const string CountRow = "kept-count";

    private const string CountColumn = "Count";

    // Each failed try means another writer changed the count or kept the same row meanwhile; a post gives up (a 500,
    // nothing written) only after this many others got in before it.
    private const int MaxTries = 100;

    private volatile bool _created;

    /// <summary>
    /// Adds <paramref name="row"/> to its partition unless the partition already holds <paramref name="bound"/> rows;
    /// a row with its keys already there is left as it is.
    /// </summary>
    /// <param name="row">The row, in the bounded partition.</param>
    /// <param name="bound">How many rows the partition takes.</param>
    /// <param name="countKept">Counts the partition's rows as kept before it had a count (called only then).</param>
    /// <param name="cancellationToken">Cancels the reads and writes.</param>
    /// <returns>Whether the row was added now, was there already, or found the partition full (nothing written).</returns>
    /// <exception cref="InvalidOperationException">Other writers changed the count on every one of many tries.</exception>
    public async Task<BoundedAdd> AddAsync(TableEntity row, int bound, Func<CancellationToken, Task<int>> countKept, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(countKept);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        for (int tries = 0; tries < MaxTries; tries++)
        {
            // The row itself is read only when the transaction or the bound says it may be there: a new row (the
            // common case) costs the count's read and the transaction.
            var counted = await table.GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, CountRow, cancellationToken: cancellationToken).ConfigureAwait(false);
            int count = counted.HasValue ? counted.Value!.GetInt32(CountColumn) ?? 0 : await countKept(cancellationToken).ConfigureAwait(false);
            if (count >= bound)
            {
                // Kept before (or the same row posted at once took the last place): kept, not refused.
                return await IsKeptAsync(row, cancellationToken).ConfigureAwait(false) ? BoundedAdd.AlreadyKept : BoundedAdd.Full;
            }

            var next = new TableEntity(row.PartitionKey, CountRow) { [CountColumn] = count + 1 };
            try
            {
                await table.SubmitTransactionAsync(
                    [
                        new TableTransactionAction(TableTransactionActionType.Add, row),
                        counted.HasValue ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, next, counted.Value!.ETag) : new TableTransactionAction(TableTransactionActionType.Add, next),
                    ],
                    cancellationToken).ConfigureAwait(false);
                return BoundedAdd.Added;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // The row was there (posted before, or by the same post at once): nothing written, no second place.
                if (e.Status is 409 && await IsKeptAsync(row, cancellationToken).ConfigureAwait(false))
                {
                    return BoundedAdd.AlreadyKept;
                }

                // Another writer counted first (or added the first count): read again, after a short jittered pause so
                // writers that lost together do not all collide again on the next try.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 2 + Math.Min(tries, 20))), cancellationToken).ConfigureAwait(false);
            }
        }

        throw new InvalidOperationException($"The count of partition '{row.PartitionKey}' in table '{table.Name}' changed on each of {MaxTries} tries.");
    }

    /// <summary>The partition's count as kept; null for a partition kept before it had one (or with no rows).</summary>
    public async Task<int?> CountAsync(string partition, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var counted = await table.GetEntityIfExistsAsync<TableEntity>(partition, CountRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return counted.HasValue ? counted.Value!.GetInt32(CountColumn) : null;
    }

    /// <summary>
    /// Claims again a row found already kept (<see cref="BoundedAdd.AlreadyKept"/>) by writing its columns over it: its
    /// ETag changes, so a <see cref="ReleaseAsync"/> that read it as lost before gives it back no more.
    /// </summary>
    /// <param name="row">The row, with the columns to write (merged into what it holds).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>False when the row is gone (given back meanwhile): the writer takes a new place.</returns>
    public async Task<bool> RenewAsync(TableEntity row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    /// <summary>
    /// Gives back the places of writers that took one and never kept what it was for (a post that died between its place
    /// and its own row elsewhere): each row of <paramref name="partition"/> that <paramref name="isLost"/> names is
    /// deleted together with the count lowered by one, in one transaction guarded by both ETags.
    /// </summary>
    /// <param name="partition">The bounded partition.</param>
    /// <param name="isLost">Whether a row (never the count) is a lost place.</param>
    /// <param name="cancellationToken">Cancels the reads and writes.</param>
    /// <returns>How many places were given back now (a place another caller gave back first is not counted).</returns>
    public async Task<int> ReleaseAsync(string partition, Func<TableEntity, bool> isLost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(isLost);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var lost = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ne {CountRow}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (isLost(row))
            {
                lost.Add(row);
            }
        }

        int released = 0;
        foreach (var row in lost)
        {
            for (int tries = 0; tries < MaxTries; tries++)
            {
                var counted = await table.GetEntityIfExistsAsync<TableEntity>(partition, CountRow, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!counted.HasValue)
                {
                    // Rows with no count are counted from what they stand for, never from the places: nothing to give back.
                    return released;
                }

                var lowered = new TableEntity(partition, CountRow) { [CountColumn] = Math.Max(0, (counted.Value!.GetInt32(CountColumn) ?? 0) - 1) };
                try
                {
                    await table.SubmitTransactionAsync(
                        [
                            new TableTransactionAction(TableTransactionActionType.Delete, row, row.ETag),
                            new TableTransactionAction(TableTransactionActionType.UpdateReplace, lowered, counted.Value!.ETag),
                        ],
                        cancellationToken).ConfigureAwait(false);
                    released++;
                    break;
                }
                catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
                {
                    var now = await table.GetEntityIfExistsAsync<TableEntity>(partition, row.RowKey, ["RowKey"], cancellationToken).ConfigureAwait(false);
                    if (!now.HasValue || now.Value!.ETag != row.ETag)
                    {
                        // Given back (or taken again) by another caller meanwhile: not this one's to give back.
                        break;
                    }

                    // The count moved under another writer: read it again.
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 2 + Math.Min(tries, 20))), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return released;
    }

    private async Task<bool> IsKeptAsync(TableEntity row, CancellationToken cancellationToken) =>
        (await table.GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, row.RowKey, ["RowKey"], cancellationToken).ConfigureAwait(false)).HasValue;

    private async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            _created = true;
        }
    }
}
