using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace EduFlows.Durable.Backend.AzureStorage;

/// <summary>
/// Durable timers (and scheduled starts) as rows keyed by due time within the target's partition, so the partition
/// owner finds due ones with a range query. No length limit: a 730-day timer is a row like any other.
/// </summary>
internal sealed class TimerTable(TableClient table)
{
    public static string PartitionKey(int partition) => "p" + partition.ToString("D2", CultureInfo.InvariantCulture);

    public static string RowKey(DateTimeOffset due, string messageId) =>
        due.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "-" + messageId;

    /// <summary>Writes a timer; writing the same message again changes nothing.</summary>
    public Task AddAsync(int partition, DateTimeOffset due, string messageId, string target, string packedBody, CancellationToken cancellationToken)
    {
        var row = new TableEntity(PartitionKey(partition), RowKey(due, messageId))
        {
            ["Target"] = target,
            ["Body"] = packedBody,
        };
        return table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Timers of a partition due at or before <paramref name="now"/>, earliest first.</summary>
    public async Task<IReadOnlyList<(string RowKey, string Body)>> GetDueAsync(int partition, DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        string pk = PartitionKey(partition);
        string upper = (now.UtcTicks + 1).ToString("D19", CultureInfo.InvariantCulture);
        var due = new List<(string, string)>();
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey lt {upper}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: max, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            due.Add((row.RowKey, row.GetString("Body")));
            if (due.Count >= max)
            {
                break;
            }
        }

        return due;
    }

    /// <summary>The due time of the earliest timer after <paramref name="after"/>, if any.</summary>
    public async Task<DateTimeOffset?> GetNextDueAsync(int partition, DateTimeOffset after, CancellationToken cancellationToken)
    {
        string pk = PartitionKey(partition);
        string lower = (after.UtcTicks + 1).ToString("D19", CultureInfo.InvariantCulture);
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey ge {lower}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            return DueOf(row.RowKey);
        }

        return null;
    }

    public async Task DeleteAsync(int partition, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(PartitionKey(partition), rowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone: a redelivered timer whose first delivery was committed.
        }
    }

    public static DateTimeOffset DueOf(string rowKey) =>
        new(long.Parse(rowKey.AsSpan(0, 19), NumberStyles.None, CultureInfo.InvariantCulture), TimeSpan.Zero);
}
