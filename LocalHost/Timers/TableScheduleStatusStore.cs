using Azure;
using Azure.Data.Tables;

namespace EduFlows.Triggers.Timers;

/// <summary>Timer statuses in an Azure table, one row per timer; claims are ETag-guarded updates of that row.</summary>
public sealed class TableScheduleStatusStore(TableClient table) : IScheduleStatusStore
{
    private const string PartitionKey = "timers";
    private const string ControlPartition = "controls";
    private const string PrunedBeforeColumn = "RunsPrunedBefore";
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

    /// <inheritdoc/>
    public async Task<TimerControl> ReadControlAsync(string timer, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(ControlPartition, timer, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!response.HasValue)
        {
            return TimerControl.Default;
        }

        var row = response.Value!;
        return new TimerControl(
            row.GetBoolean("Paused") ?? false,
            row.GetDateTimeOffset("ChangedAt"),
            row.GetDateTimeOffset("ResumedAt"),
            Enum.TryParse<TimerOverlap>(row.GetString("Overlap"), out var overlap) ? overlap : TimerOverlap.RunOnceAfter);
    }

    /// <inheritdoc/>
    public async Task WriteControlAsync(string timer, TimerControl control, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(control);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var row = new TableEntity(ControlPartition, timer)
        {
            ["Paused"] = control.Paused,
            ["ChangedAt"] = control.ChangedAt,
            ["ResumedAt"] = control.ResumedAt,
            ["Overlap"] = control.Overlap.ToString(),
        };
        await table.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<bool> HasRunAsync(string timer, DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        if (await ReadPrunedBeforeAsync(timer, cancellationToken).ConfigureAwait(false) > occurrence)
        {
            return true;
        }

        var response = await table.GetEntityIfExistsAsync<TableEntity>(RunPartition(timer), RunKey(occurrence), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue;
    }

    /// <inheritdoc/>
    public async Task<bool> TryRecordRunAsync(string timer, DateTimeOffset occurrence, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await ReadPrunedBeforeAsync(timer, cancellationToken).ConfigureAwait(false) > occurrence)
        {
            // Its record (if it ran) is gone with the retention: it counts as run, never runs again.
            return false;
        }

        try
        {
            await table.AddEntityAsync(new TableEntity(RunPartition(timer), RunKey(occurrence)) { ["Occurrence"] = occurrence, ["RecordedAt"] = now }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }

        // The office's "last" column: kept on the control row (merged, so the office's settings stay), never moved back.
        if (await ReadLastRunAsync(timer, cancellationToken).ConfigureAwait(false) is not { } last || last < occurrence)
        {
            await table.UpsertEntityAsync(new TableEntity(ControlPartition, timer) { ["LastRun"] = occurrence }, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <inheritdoc/>
    public async Task<DateTimeOffset?> ReadLastRunAsync(string timer, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(ControlPartition, timer, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value!.GetDateTimeOffset("LastRun") : null;
    }

    /// <inheritdoc/>
    public async Task<int> PruneRunsAsync(string timer, DateTimeOffset before, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        // The mark goes first: a run recorded between the mark and the deletes is newer, or refused as pruned.
        if (await ReadPrunedBeforeAsync(timer, cancellationToken).ConfigureAwait(false) is not { } earlier || earlier < before)
        {
            await table.UpsertEntityAsync(new TableEntity(ControlPartition, timer) { [PrunedBeforeColumn] = before }, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }

        string partition = RunPartition(timer);
        string end = RunKey(before);
        var old = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {end}"), select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            old.Add(row.RowKey);
        }

        // A batch holds at most 100 operations, all in one partition.
        foreach (var chunk in old.Chunk(100))
        {
            await table.SubmitTransactionAsync([.. chunk.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, key), ETag.All))], cancellationToken).ConfigureAwait(false);
        }

        return old.Count;
    }

    private async Task<DateTimeOffset?> ReadPrunedBeforeAsync(string timer, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(ControlPartition, timer, select: [PrunedBeforeColumn], cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value!.GetDateTimeOffset(PrunedBeforeColumn) : null;
    }

    // One partition per timer's runs, keyed by the occurrence in UTC: an insert that collides means it already ran.
    private static string RunPartition(string timer) => "runs-" + timer;

    private static string RunKey(DateTimeOffset occurrence) => occurrence.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);

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
