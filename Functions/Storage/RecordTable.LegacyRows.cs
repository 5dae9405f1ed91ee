using Azure;
using Azure.Data.Tables;

namespace EduFlows.Storage;

/// <summary>
/// Rows stored before records were keyed (id, id): keyed (id, "r"). They are still read, and moved to the new key the
/// first time their record is read or written, in one transaction of the record's partition (both keys share it), so
/// a record is under exactly one key at every moment and a crash mid-way leaves it under one or the other.
/// </summary>
/// <remarks>
/// Not the same move as the reallocation people's earlier layout (<c>PeopleTable</c>): that one moves a whole
/// reallocation's rows from another table, where no transaction reaches, before its first query; here an old row sits
/// in its record's own table and partition, so queries read it as it is and one record moves, atomically, when used.
/// </remarks>
public sealed partial class RecordTable<T>
{
    // The row key every record had before.
    private const string LegacyRow = "r";

    // Whether the table may still hold rows under the old key: looked for once, when this instance first uses the table.
    // Nothing writes such rows any more, so a table found without them needs no second look and costs no extra request
    // (an older version of the app writing during an upgrade is not provided for: restart after it has stopped).
    private volatile bool _legacyRows = true;

    private async Task FindLegacyRowsAsync(CancellationToken cancellationToken)
    {
        string filter = TableClient.CreateQueryFilter($"RowKey eq {LegacyRow} and PartitionKey ne {LegacyRow}");
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        _legacyRows = false;
    }

    // The record's row under the old key, if the table may hold one and it is there. The id "r" keys the same row both ways.
    private async Task<TableEntity?> LegacyRowAsync(string id, CancellationToken cancellationToken)
    {
        if (!_legacyRows || id == LegacyRow)
        {
            return null;
        }

        var row = await table.GetEntityIfExistsAsync<TableEntity>(id, LegacyRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value : null;
    }

    // Moves a row read under the old key to the new one, unless someone moved or changed it since (then the caller reads again).
    private async Task TryMoveAsync(TableEntity legacy, CancellationToken cancellationToken)
    {
        var moved = ToEntity(FromEntity(legacy));
        moved.PartitionKey = moved.RowKey = legacy.PartitionKey;
        try
        {
            await table.SubmitTransactionAsync(
                [new TableTransactionAction(TableTransactionActionType.Add, moved), new TableTransactionAction(TableTransactionActionType.Delete, legacy, legacy.ETag)],
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
        }
    }

    // Stores a record whatever is stored under its id, removing its row under the old key in the same transaction.
    private async Task UpsertAsync(T record, CancellationToken cancellationToken)
    {
        while (await LegacyRowAsync(idOf(record), cancellationToken).ConfigureAwait(false) is { } legacy)
        {
            try
            {
                await table.SubmitTransactionAsync(
                    [new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(record)), new TableTransactionAction(TableTransactionActionType.Delete, legacy, ETag.All)],
                    cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 404)
            {
                // Moved by a concurrent reader meanwhile: look again.
            }
        }

        await table.UpsertEntityAsync(ToEntity(record), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }
}
