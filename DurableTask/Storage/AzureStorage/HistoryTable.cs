using DurableTask.Core;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using DurableTask.Core.History;

namespace EduFlows.DurableTask.Storage.AzureStorage;

/// <summary>
/// The history table: one partition per instance holding its history rows (row key = sequence number), its state row
/// and its outbox rows, so that a step commits all three in entity-group transactions.
/// </summary>
internal sealed class HistoryTable(TableClient table, PayloadStore payloads)
{
    public const string StateRowKey = "state";
    public const string OutboxPrefix = "outbox-";
    public const string StartMessageColumn = "StartMessage";

    /// <summary>When a scheduled start is due, beside its start message: the sweep skips one not yet due without reading it.</summary>
    public const string StartAtColumn = "StartAt";

    /// <summary>
    /// The partition of the pending-starts index, one row per instance whose start may still have to be re-sent: no
    /// instance has an empty id (clients refuse one, and so does the message reader), so the partition is nobody's.
    /// </summary>
    public const string StartIndexPartition = "";

    /// <summary>An index row's key is this and the instance id; outside the outbox's key range, so its scan skips them.</summary>
    public const string StartIndexPrefix = "start-";

    // Written once every instance Pending from before the index existed has its index row: the full scan is not repeated.
    private const string StartIndexCompleteRowKey = "index-complete";

    private volatile bool _startIndexComplete;

    // Azure allows 100 operations per entity-group transaction.
    private const int MaxBatch = 100;

    // Estimated request bytes a batch may carry (Azure allows 4 MiB; strings may double when JSON-escaped on the wire).
    private const long MaxBatchBytes = 3_500_000;

    /// <summary>
    /// A history row's key: execution first, so a new execution's rows never overwrite the rows the current state
    /// row still points to (a half-applied commit then leaves garbage, never a broken history).
    /// </summary>
    public static string HistoryRowKey(string executionId, int sequence) =>
        "h-" + executionId + "-" + sequence.ToString("D10", CultureInfo.InvariantCulture);

    public async Task<InstanceRecord> LoadAsync(string instanceId, CancellationToken cancellationToken)
    {
        var record = new InstanceRecord { InstanceId = instanceId };
        var historyRows = new List<TableEntity>();
        TableEntity? stateRow = null;
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == instanceId, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey == StateRowKey)
            {
                stateRow = row;
            }
            else if (row.RowKey.StartsWith(OutboxPrefix, StringComparison.Ordinal))
            {
                record.Outbox.Add(ToOutbox(row));
            }
            else if (row.RowKey.StartsWith("h-", StringComparison.Ordinal))
            {
                historyRows.Add(row);
            }
        }

        if (stateRow is null)
        {
            record.StaleRowKeys.AddRange(historyRows.Select(r => r.RowKey));
            return record;
        }

        record.ETag = stateRow.ETag;
        record.Version = stateRow.GetInt64("Version") ?? 0;
        record.OutboxNonce = stateRow.GetString("OutboxNonce");
        record.StartMessage = stateRow.GetString(StartMessageColumn);
        record.State = await ReadStateAsync(stateRow, cancellationToken).ConfigureAwait(false);
        int count = stateRow.GetInt32("HistoryCount") ?? 0;
        string current = "h-" + record.State.ExecutionId + "-";
        var bySequence = new Dictionary<int, TableEntity>();
        foreach (var row in historyRows)
        {
            if (row.RowKey.StartsWith(current, StringComparison.Ordinal)
                && int.TryParse(row.RowKey.AsSpan(current.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int sequence))
            {
                bySequence[sequence] = row;
            }
            else
            {
                record.StaleRowKeys.Add(row.RowKey);
            }
        }

        var events = new List<HistoryEvent>(count);
        for (int i = 0; i < count; i++)
        {
            if (!bySequence.TryGetValue(i, out var row))
            {
                throw new InvalidDataException($"Instance '{instanceId}': history row {i} of {count} is missing.");
            }

            string json = (await payloads.UnpackAsync(row.GetString("Event"), cancellationToken).ConfigureAwait(false))!;
            events.Add(StorageJson.Deserialize<HistoryEvent>(json)!);
        }

        record.History = events;
        return record;
    }

    /// <summary>Reads the authoritative state row alone.</summary>
    public async Task<(OrchestrationInstanceState? State, long Version)> ReadStateAsync(string instanceId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(instanceId, StateRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!response.HasValue)
        {
            return (null, 0);
        }

        return (await ReadStateAsync(response.Value!, cancellationToken).ConfigureAwait(false), response.Value!.GetInt64("Version") ?? 0);
    }

    /// <summary>Commits a step: history rows, outbox rows, then the ETag-guarded state row, in ordered batches.</summary>
    /// <remarks>
    /// Every batch carries the state row under its ETag (a marker merge, then the real state last), so a writer that
    /// lost the instance fails before writing anything; and every row a batch writes is one the committed state does
    /// not point to yet, so a commit that stops half-way leaves only garbage that the next attempt overwrites.
    /// </remarks>
    /// <exception cref="RequestFailedException">412 or 409 when another writer moved the instance on.</exception>
    /// <summary>Test hook: runs before the last batch of a multi-batch commit that replaces history (a new execution).</summary>
    internal Func<Task>? BeforeLastBatchOfReplacement { get; set; }

    public async Task<ETag> CommitAsync(
        InstanceRecord record, OrchestrationStep step, long version, string nonce, IReadOnlyList<OutboxRow> outbox, CancellationToken cancellationToken)
    {
        string id = record.InstanceId;
        var state = step.State!;
        int start = step.ReplacesHistory ? 0 : record.HistoryCount;
        var writes = new List<TableEntity>(step.NewEvents.Count + outbox.Count);
        for (int i = 0; i < step.NewEvents.Count; i++)
        {
            writes.Add(new TableEntity(id, HistoryRowKey(state.ExecutionId, start + i))
            {
                ["Event"] = await payloads.PackAsync(StorageJson.Serialize(step.NewEvents[i]), id, cancellationToken).ConfigureAwait(false),
            });
        }

        writes.AddRange(outbox.Select(message => ToEntity(id, message)));
        var stateRow = new TableEntity(id, StateRowKey)
        {
            ["State"] = await payloads.PackAsync(StorageJson.Serialize(state), id, cancellationToken).ConfigureAwait(false),
            ["HistoryCount"] = start + step.NewEvents.Count,
            ["Version"] = version,
            ["OutboxNonce"] = nonce,
            ["Status"] = state.Status.ToString(),
            ["ExecutionId"] = state.ExecutionId,
        };
        if (state.Status == OrchestrationStatus.Pending && record.StartMessage is { } startMessage)
        {
            // Still waiting for its start (events held back meanwhile): the sweep may yet have to re-send it.
            stateRow[StartMessageColumn] = startMessage;
            stateRow[StartAtColumn] = state.ScheduledStartAt;
        }

        var batches = Batches(writes, EstimateBytes(stateRow));
        ETag? etag = record.ETag;
        bool started = record.StartMessage is not null && state.Status != OrchestrationStatus.Pending;
        for (int b = 0; b < batches.Count; b++)
        {
            bool last = b == batches.Count - 1;
            if (last && b > 0 && step.ReplacesHistory && BeforeLastBatchOfReplacement is { } fault)
            {
                await fault().ConfigureAwait(false);
            }

            // Upserts: a failed earlier attempt may have left rows with these keys.
            var actions = batches[b].Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)).ToList();
            actions.Add((last, etag) switch
            {
                (true, { } current) => new TableTransactionAction(TableTransactionActionType.UpdateReplace, stateRow, current),
                (true, null) => new TableTransactionAction(TableTransactionActionType.Add, stateRow),
                (false, { } current) => new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(id, StateRowKey) { ["CommitAttempt"] = nonce }, current),
                (false, null) => new TableTransactionAction(TableTransactionActionType.Add, Placeholder(stateRow, state)),
            });
            var response = await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            etag = response.Value[^1].Headers.ETag ?? throw new InvalidOperationException("The state row's commit returned no ETag.");
        }

        if (started)
        {
            // The start is in history now. Dying before this delete leaves a row the sweep removes when it finds the instance started.
            await RemoveStartIndexAsync(id, ETag.All, CancellationToken.None).ConfigureAwait(false);
        }

        return etag!.Value;
    }

    /// <summary>Deletes rows by key, best effort (they are garbage either way).</summary>
    public async Task DeleteRowsAsync(string instanceId, IEnumerable<string> rowKeys, CancellationToken cancellationToken)
    {
        foreach (var batch in rowKeys.Chunk(MaxBatch))
        {
            try
            {
                await table.SubmitTransactionAsync(batch.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(instanceId, k), ETag.All)), cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // One of them was gone already; the rest go with the next cleanup.
            }
        }
    }

    /// <summary>Writes a new instance's state row (client side): insert, or replace a finished one guarded by its ETag.</summary>
    /// <exception cref="global::DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException">When the id is active.</exception>
    /// <remarks>
    /// The row keeps the packed start message until the instance leaves Pending, so a start whose message never went
    /// out (the client died between the two writes) is re-sent by the partition owner's sweep.
    /// </remarks>
    /// <returns>The new state row's ETag when the id was new (nothing else of it stored), else <see langword="null"/>.</returns>
    public async Task<ETag?> CreateAsync(OrchestrationInstanceState state, string packedStartMessage, CancellationToken cancellationToken)
    {
        string id = state.InstanceId;
        string packed = (await payloads.PackAsync(StorageJson.Serialize(state), id, cancellationToken).ConfigureAwait(false))!;
        TableEntity Row(long version) => new(id, StateRowKey)
        {
            ["State"] = packed,
            ["HistoryCount"] = 0,
            ["Version"] = version,
            ["Status"] = state.Status.ToString(),
            ["ExecutionId"] = state.ExecutionId,
            [StartMessageColumn] = packedStartMessage,
            [StartAtColumn] = state.ScheduledStartAt,
        };

        // The index row first: a client killed before the state row leaves an index row the sweep drops (no state row), one
        // killed after it leaves a Pending instance the sweep finds through the index.
        await IndexStartAsync(id, state.ScheduledStartAt, cancellationToken).ConfigureAwait(false);
        try
        {
            // Most ids are new: one insert, no read.
            var added = await table.AddEntityAsync(Row(1), cancellationToken).ConfigureAwait(false);
            return added.Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // The id was used before: it may be replaced only once it has finished.
        }

        var existing = (await table.GetEntityAsync<TableEntity>(id, StateRowKey, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        if (Enum.TryParse<OrchestrationStatus>(existing.GetString("Status"), out var status) && status.IsActive())
        {
            if (status == OrchestrationStatus.Pending && existing.GetString(StartMessageColumn) is { Length: > 0 })
            {
                // The refused start overwrote the index row of the one still waiting: give it back its own due time.
                await IndexStartAsync(id, existing.GetDateTimeOffset(StartAtColumn), cancellationToken).ConfigureAwait(false);
            }

            throw InstanceConflict.AlreadyExists(id, status);
        }

        try
        {
            await table.UpdateEntityAsync(Row((existing.GetInt64("Version") ?? 0) + 1), existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Another client started this id between our read and write.
            throw InstanceConflict.AlreadyExists(id, OrchestrationStatus.Pending);
        }
    }

    public async Task<IReadOnlyList<HistoryEvent>> ReadHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        var record = await LoadAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return record.History;
    }

    public async Task DeleteOutboxAsync(string instanceId, IEnumerable<string> rowKeys, CancellationToken cancellationToken)
    {
        foreach (var batch in rowKeys.Chunk(MaxBatch))
        {
            var actions = batch.Select(rk => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(instanceId, rk), ETag.All));
            await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes every row of an instance; returns whether it had a state row.</summary>
    public async Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        bool hadState = false;
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == instanceId, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            keys.Add(row.RowKey);
            hadState |= row.RowKey == StateRowKey;
        }

        foreach (var batch in keys.Chunk(MaxBatch))
        {
            var actions = batch.Select(rk => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(instanceId, rk), ETag.All));
            await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }

        return hadState;
    }

    /// <summary>
    /// Instances still Pending, with their stored start message, when it is due (a scheduled start) and when their
    /// state row was last written, found through the pending-starts index: one query of its partition, and a read of
    /// the state row of each index row that passes the filters. An index row whose instance has started (or never got
    /// a state row, or was purged) is removed; no history row is read.
    /// </summary>
    /// <param name="isMine">Whether this worker sweeps the instance (it owns the instance's partition).</param>
    /// <param name="indexedBefore">Index rows written after this are left alone: their client may still be sending the start.</param>
    /// <param name="notYetDue">Whether a scheduled start is not due yet (its timer sends it).</param>
    /// <param name="cancellationToken">Stops the sweep.</param>
    public async Task<IReadOnlyList<PendingStart>> FindPendingStartsAsync(Func<string, bool> isMine, DateTimeOffset indexedBefore, Func<DateTimeOffset?, bool> notYetDue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(isMine);
        ArgumentNullException.ThrowIfNull(notYetDue);
        await IndexEarlierStartsAsync(cancellationToken).ConfigureAwait(false);
        var pending = new List<PendingStart>();
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {StartIndexPartition} and RowKey ge {StartIndexPrefix} and RowKey lt {"start."}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey", StartAtColumn, "Timestamp"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            string instanceId = row.RowKey[StartIndexPrefix.Length..];
            if (!isMine(instanceId) || row.Timestamp is not { } indexed || indexed > indexedBefore || notYetDue(row.GetDateTimeOffset(StartAtColumn)))
            {
                continue;
            }

            var stateRow = await table.GetEntityIfExistsAsync<TableEntity>(instanceId, StateRowKey, select: ["Status", StartMessageColumn, StartAtColumn, "Timestamp"], cancellationToken: cancellationToken).ConfigureAwait(false);
            if (stateRow.HasValue && stateRow.Value!.GetString("Status") == nameof(OrchestrationStatus.Pending) && stateRow.Value.GetString(StartMessageColumn) is { Length: > 0 } start)
            {
                pending.Add(new PendingStart(instanceId, start, stateRow.Value.GetDateTimeOffset(StartAtColumn), stateRow.Value.Timestamp ?? DateTimeOffset.MinValue));
            }
            else
            {
                // Started (its commit died before removing the row), never written, or purged. Under the row's ETag: a
                // client starting the id again meanwhile rewrote the row, and that one stays.
                await RemoveStartIndexAsync(instanceId, row.ETag, cancellationToken).ConfigureAwait(false);
            }
        }

        return pending;
    }

    /// <summary>
    /// Once per task hub: gives an index row to each instance left Pending with its start message by a version that
    /// wrote no index (a scan of the whole history table), then marks the index complete. Killed half-way, the next
    /// sweep scans again; the rows it writes are the same.
    /// </summary>
    private async Task IndexEarlierStartsAsync(CancellationToken cancellationToken)
    {
        if (_startIndexComplete)
        {
            return;
        }

        var marker = await table.GetEntityIfExistsAsync<TableEntity>(StartIndexPartition, StartIndexCompleteRowKey, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!marker.HasValue)
        {
            string filter = TableClient.CreateQueryFilter($"RowKey eq {StateRowKey} and Status eq {nameof(OrchestrationStatus.Pending)}");
            await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", StartMessageColumn, StartAtColumn], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (row.GetString(StartMessageColumn) is { Length: > 0 })
                {
                    await IndexStartAsync(row.PartitionKey, row.GetDateTimeOffset(StartAtColumn), cancellationToken).ConfigureAwait(false);
                }
            }

            await table.UpsertEntityAsync(new TableEntity(StartIndexPartition, StartIndexCompleteRowKey), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }

        _startIndexComplete = true;
    }

    private async Task IndexStartAsync(string instanceId, DateTimeOffset? startAt, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(new TableEntity(StartIndexPartition, StartIndexPrefix + instanceId) { [StartAtColumn] = startAt }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);

    // Best effort, and never an error of the commit before it: a row left behind is removed by a later sweep, which
    // finds its instance started; one rewritten by a new start of the id (another ETag) stays.
    private async Task RemoveStartIndexAsync(string instanceId, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(StartIndexPartition, StartIndexPrefix + instanceId, etag, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any failure leaves the row to the next sweep.
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>Instances with outbox rows (a full scan: run when a partition is taken over, not on the hot path).</summary>
    public async Task<IReadOnlyCollection<string>> FindInstancesWithOutboxAsync(CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string filter = TableClient.CreateQueryFilter($"RowKey ge {OutboxPrefix} and RowKey lt {"outbox."}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            ids.Add(row.PartitionKey);
        }

        return ids;
    }

    // A new instance whose first step needs several batches: the first one creates a state row that says "pending, no history yet".
    private static TableEntity Placeholder(TableEntity stateRow, OrchestrationInstanceState state) => new(stateRow.PartitionKey, StateRowKey)
    {
        ["State"] = StorageJson.Serialize(state with { Status = OrchestrationStatus.Pending, Input = null, Output = null, CustomStatus = null, Deferred = [] }),
        ["HistoryCount"] = 0,
        ["Version"] = 0L,
        ["Status"] = nameof(OrchestrationStatus.Pending),
        ["ExecutionId"] = state.ExecutionId,
    };

    private static List<List<TableEntity>> Batches(List<TableEntity> writes, long stateBytes)
    {
        var batches = new List<List<TableEntity>> { new() };
        long bytes = stateBytes;
        foreach (var row in writes)
        {
            long size = EstimateBytes(row);
            if (batches[^1].Count == MaxBatch - 1 || (batches[^1].Count > 0 && bytes + size > MaxBatchBytes))
            {
                batches.Add([]);
                bytes = stateBytes;
            }

            batches[^1].Add(row);
            bytes += size;
        }

        return batches;
    }

    private static long EstimateBytes(TableEntity row) =>
        512 + row.Sum(p => p.Key.Length + (p.Value is string s ? 2L * System.Text.Encoding.UTF8.GetByteCount(s) : 32));

    private static TableEntity ToEntity(string instanceId, OutboxRow message)
    {
        var row = new TableEntity(instanceId, message.RowKey)
        {
            ["Version"] = message.Version,
            ["Nonce"] = message.Nonce,
            ["MessageId"] = message.MessageId,
            ["Kind"] = message.Kind,
            ["Target"] = message.Target,
            ["Body"] = message.Body,
        };
        if (message.VisibleAt is { } visibleAt)
        {
            row["VisibleAt"] = visibleAt;
        }

        return row;
    }

    private static OutboxRow ToOutbox(TableEntity row) => new(
        row.RowKey,
        row.GetInt64("Version") ?? 0,
        row.GetString("Nonce") ?? string.Empty,
        row.GetString("MessageId") ?? string.Empty,
        row.GetString("Kind"),
        row.GetString("Target"),
        row.GetString("Body"),
        row.GetDateTimeOffset("VisibleAt"));

    private async Task<OrchestrationInstanceState> ReadStateAsync(TableEntity stateRow, CancellationToken cancellationToken)
    {
        string json = (await payloads.UnpackAsync(stateRow.GetString("State"), cancellationToken).ConfigureAwait(false))!;
        return StorageJson.Deserialize<OrchestrationInstanceState>(json)!;
    }
}
