using Azure;
using Azure.Data.Tables;

namespace EduFlows.Triggers.Timers;

/// <summary>Timer statuses in an Azure table, one row per timer; claims are ETag-guarded updates of that row.</summary>
public sealed class TableScheduleStatusStore(TableClient table) : IScheduleStatusStore
{
    private const string PartitionKey = "timers";
    private volatile bool _created;

    /// <inheritdoc/>
    public async Task<TimerScheduleStatus?> ReadAsync(string timer, CancellationToken cancellationToken)
    {
        var row = await ReadRowAsync(timer, cancellationToken).ConfigureAwait(false);
        return row is null ? null : new TimerScheduleStatus(row.GetDateTimeOffset("Last"), row.GetDateTimeOffset("Next")!.Value, row.GetDateTimeOffset("LastUpdated")!.Value);
    }

    /// <inheritdoc/>
    public async Task InitializeAsync(string timer, TimerScheduleStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(new TableEntity(PartitionKey, timer) { ["Last"] = status.Last, ["Next"] = status.Next, ["LastUpdated"] = status.LastUpdated }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Another host recorded it first.
        }
    }

    /// <inheritdoc/>
    public async Task<bool> TryClaimAsync(string timer, DateTimeOffset occurrence, string holder, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var row = await ReadRowAsync(timer, cancellationToken).ConfigureAwait(false);
        if (row is null || (row.GetDateTimeOffset("Last") is { } last && last >= occurrence))
        {
            return false;
        }

        if (row.GetDateTimeOffset("ClaimOccurrence") == occurrence && row.GetDateTimeOffset("ClaimUntil") > now && row.GetString("ClaimHolder") != holder)
        {
            return false;
        }

        row["ClaimOccurrence"] = occurrence;
        row["ClaimHolder"] = holder;
        row["ClaimUntil"] = until;
        try
        {
            await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public async Task<bool> RenewClaimAsync(string timer, DateTimeOffset occurrence, string holder, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var row = await ReadRowAsync(timer, cancellationToken).ConfigureAwait(false);
        if (row is null || row.GetDateTimeOffset("ClaimOccurrence") != occurrence || row.GetString("ClaimHolder") != holder)
        {
            return false;
        }

        row["ClaimUntil"] = until;
        return await TryUpdateAsync(row, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<bool> CompleteAsync(string timer, DateTimeOffset occurrence, string holder, DateTimeOffset nextOccurrence, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = await ReadRowAsync(timer, cancellationToken).ConfigureAwait(false);
        if (row is null || row.GetDateTimeOffset("ClaimOccurrence") != occurrence || row.GetString("ClaimHolder") != holder)
        {
            // The claim lapsed and another host took the occurrence over: its record wins.
            return false;
        }

        var done = new TableEntity(PartitionKey, timer) { ["Last"] = occurrence, ["Next"] = nextOccurrence, ["LastUpdated"] = now, ETag = row.ETag };
        return await TryUpdateAsync(done, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> TryUpdateAsync(TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    private async Task<TableEntity?> ReadRowAsync(string timer, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(PartitionKey, timer, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            _created = true;
        }
    }
}
