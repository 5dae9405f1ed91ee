using System.Globalization;
using Azure;
using Azure.Data.Tables;
using EduFlows.Durable.History;

namespace EduFlows.Durable.Backend.AzureStorage;

/// <summary>
/// The history table: one partition per instance holding its history rows (row key = sequence number), its state row
/// and its outbox rows, so that a step commits all three in entity-group transactions.
/// </summary>
internal sealed class HistoryTable(TableClient table, PayloadStore payloads)
{
    public const string StateRowKey = "state";
    public const string OutboxPrefix = "outbox-";

    // Azure allows 100 operations per entity-group transaction.
    private const int MaxBatch = 100;

    public static string HistoryRowKey(int sequence) => sequence.ToString("D10", CultureInfo.InvariantCulture);

    public async Task<InstanceRecord> LoadAsync(string instanceId, CancellationToken cancellationToken)
    {
        var record = new InstanceRecord { InstanceId = instanceId };
        var historyRows = new SortedDictionary<int, TableEntity>();
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
            else if (int.TryParse(row.RowKey, NumberStyles.None, CultureInfo.InvariantCulture, out int sequence))
            {
                historyRows[sequence] = row;
            }
        }

        record.StoredRowCount = historyRows.Count == 0 ? 0 : historyRows.Keys.Max() + 1;
        if (stateRow is null)
        {
            return record;
        }

        record.ETag = stateRow.ETag;
        record.Version = stateRow.GetInt64("Version") ?? 0;
        record.OutboxNonce = stateRow.GetString("OutboxNonce");
        record.State = await ReadStateAsync(stateRow, cancellationToken).ConfigureAwait(false);
        int count = stateRow.GetInt32("HistoryCount") ?? 0;
        var events = new List<HistoryEvent>(count);
        for (int i = 0; i < count; i++)
        {
            if (!historyRows.TryGetValue(i, out var row))
            {
                throw new InvalidDataException($"Instance '{instanceId}': history row {i} of {count} is missing.");
            }

            string json = (await payloads.UnpackAsync(row.GetString("Event"), cancellationToken).ConfigureAwait(false))!;
            events.Add(DataConverter.Deserialize<HistoryEvent>(json)!);
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
    /// <exception cref="RequestFailedException">412 or 409 when another writer moved the instance on.</exception>
    public async Task<ETag> CommitAsync(
        InstanceRecord record, OrchestrationStep step, long version, string nonce, IReadOnlyList<OutboxRow> outbox, CancellationToken cancellationToken)
    {
        string id = record.InstanceId;
        var state = step.State!;
        int start = step.ReplacesHistory ? 0 : record.HistoryCount;
        int newCount = start + step.NewEvents.Count;
        var actions = new List<TableTransactionAction>(step.NewEvents.Count + outbox.Count + 1);
        for (int i = 0; i < step.NewEvents.Count; i++)
        {
            var row = new TableEntity(id, HistoryRowKey(start + i))
            {
                ["Event"] = await payloads.PackAsync(DataConverter.SerializeAs(step.NewEvents[i]), id, cancellationToken).ConfigureAwait(false),
                ["ExecutionId"] = state.ExecutionId,
            };
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, row));
        }

        for (int sequence = newCount; sequence < record.StoredRowCount; sequence++)
        {
            // A new execution is shorter than the old one: its leftover rows go.
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(id, HistoryRowKey(sequence)), ETag.All));
        }

        foreach (var message in outbox)
        {
            // Upsert: a failed earlier attempt of this version may have left a row with this key.
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(id, message)));
        }

        var stateRow = new TableEntity(id, StateRowKey)
        {
            ["State"] = await payloads.PackAsync(DataConverter.Serialize(state), id, cancellationToken).ConfigureAwait(false),
            ["HistoryCount"] = newCount,
            ["Version"] = version,
            ["OutboxNonce"] = nonce,
            ["Status"] = state.Status.ToString(),
            ["ExecutionId"] = state.ExecutionId,
        };
        actions.Add(record.ETag is { } etag
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, stateRow, etag)
            : new TableTransactionAction(TableTransactionActionType.Add, stateRow));

        Response<IReadOnlyList<Response>>? last = null;
        foreach (var batch in actions.Chunk(MaxBatch))
        {
            last = await table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        // The state row is the last action of the last batch.
        return last!.Value[^1].Headers.ETag ?? throw new InvalidOperationException("The state row's commit returned no ETag.");
    }

    /// <summary>Writes a new instance's state row (client side): insert, or replace a finished one guarded by its ETag.</summary>
    /// <exception cref="OrchestrationAlreadyExistsException">When the id is active.</exception>
    public async Task CreateAsync(OrchestrationInstanceState state, CancellationToken cancellationToken)
    {
        string id = state.InstanceId;
        string packed = (await payloads.PackAsync(DataConverter.Serialize(state), id, cancellationToken).ConfigureAwait(false))!;
        TableEntity Row(long version) => new(id, StateRowKey)
        {
            ["State"] = packed,
            ["HistoryCount"] = 0,
            ["Version"] = version,
            ["Status"] = state.Status.ToString(),
            ["ExecutionId"] = state.ExecutionId,
        };

        try
        {
            // Most ids are new: one insert, no read.
            await table.AddEntityAsync(Row(1), cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // The id was used before: it may be replaced only once it has finished.
        }

        var existing = (await table.GetEntityAsync<TableEntity>(id, StateRowKey, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        if (Enum.TryParse<OrchestrationRuntimeStatus>(existing.GetString("Status"), out var status) && status.IsActive())
        {
            throw new OrchestrationAlreadyExistsException(id, status);
        }

        try
        {
            await table.UpdateEntityAsync(Row((existing.GetInt64("Version") ?? 0) + 1), existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Another client started this id between our read and write.
            throw new OrchestrationAlreadyExistsException(id, OrchestrationRuntimeStatus.Pending);
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
        return DataConverter.Deserialize<OrchestrationInstanceState>(json)!;
    }
}
