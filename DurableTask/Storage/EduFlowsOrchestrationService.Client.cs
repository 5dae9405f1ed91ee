using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Query;

namespace EduFlows.DurableTask.Storage;

public sealed partial class EduFlowsOrchestrationService : IOrchestrationServiceClient, IOrchestrationServicePurgeClient, IOrchestrationServiceQueryClient, IOrchestrationHistoryReader, IOrchestrationStatusReader
{
    private static readonly TimeSpan WaitPollInterval = TimeSpan.FromMilliseconds(50);

    /// <inheritdoc/>
    /// <remarks>A start of an id that is pending, running or suspended is refused, whatever dedupe statuses are given.</remarks>
    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => CreateTaskOrchestrationAsync(creationMessage, []);

    /// <inheritdoc/>
    public async Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses)
    {
        ArgumentNullException.ThrowIfNull(creationMessage);
        if (creationMessage.Event is not ExecutionStartedEvent started)
        {
            throw new ArgumentException("A creation message carries an ExecutionStartedEvent.", nameof(creationMessage));
        }

        string instanceId = creationMessage.OrchestrationInstance.InstanceId;

        // The engine refuses an active id in the same write that creates the instance; only a terminal dedupe status
        // needs the state read first. Skipping the read takes one round trip off every ordinary start.
        if (dedupeStatuses is { Length: > 0 }
            && dedupeStatuses.Any(s => s.IsTerminal())
            && await _backend.GetStateAsync(instanceId, CancellationToken.None).ConfigureAwait(false) is { } existing
            && dedupeStatuses.Contains(existing.Status))
        {
            throw InstanceConflict.AlreadyExists(instanceId, existing.Status);
        }

        var now = _time.GetUtcNow();
        DateTimeOffset? startAt = started.ScheduledStartTime is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;
        var state = new OrchestrationInstanceState
        {
            InstanceId = instanceId,
            Name = started.Name,
            Version = started.Version,
            ExecutionId = started.OrchestrationInstance.ExecutionId,
            Status = OrchestrationStatus.Pending,
            CreatedAt = now,
            LastUpdatedAt = now,
            ScheduledStartAt = startAt,
            Input = started.Input,
            Tags = started.Tags,
        };
        var start = new OrchestrationMessage(OrchestrationIds.NewId(), instanceId, started.OrchestrationInstance.ExecutionId, started, startAt);
        await _backend.CreateInstanceAsync(state, start, CancellationToken.None).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task SendTaskOrchestrationMessageAsync(TaskMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Event.Timestamp = _time.GetUtcNow().UtcDateTime;
        string? executionId = string.IsNullOrEmpty(message.OrchestrationInstance.ExecutionId) ? null : message.OrchestrationInstance.ExecutionId;
        return _backend.SendMessageAsync(
            new OrchestrationMessage(OrchestrationIds.NewId(), message.OrchestrationInstance.InstanceId, executionId, message.Event), CancellationToken.None);
    }

    /// <inheritdoc/>
    public async Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            await SendTaskOrchestrationMessageAsync(message).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var state = await _backend.GetStateAsync(instanceId, limit.Token).ConfigureAwait(false);
                if (state is not null && state.Status.IsTerminal() && (string.IsNullOrEmpty(executionId) || state.ExecutionId == executionId))
                {
                    return ToOrchestrationState(state, includeInputsAndOutputs: true);
                }

                await Task.Delay(WaitPollInterval, limit.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null!;
        }
    }

    /// <inheritdoc/>
    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) =>
        SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            Event = new ExecutionTerminatedEvent(-1, reason),
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
        });

    /// <inheritdoc/>
    public async Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions)
    {
        var state = await _backend.GetStateAsync(instanceId, CancellationToken.None).ConfigureAwait(false);
        return state is null ? [] : [ToOrchestrationState(state, includeInputsAndOutputs: true)];
    }

    /// <inheritdoc/>
    public async Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId)
    {
        var state = await _backend.GetStateAsync(instanceId, CancellationToken.None).ConfigureAwait(false);
        return state is not null && (string.IsNullOrEmpty(executionId) || state.ExecutionId == executionId)
            ? ToOrchestrationState(state, includeInputsAndOutputs: true)
            : null!;
    }

    /// <inheritdoc/>
    public async Task<OrchestrationStatus?> GetStatusAsync(string instanceId, CancellationToken cancellationToken) =>
        (await _backend.ReadStateAsync(instanceId, cancellationToken).ConfigureAwait(false))?.Status;

    /// <inheritdoc/>
    public async Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId) =>
        StorageJson.Serialize(await GetHistoryAsync(instanceId, CancellationToken.None).ConfigureAwait(false));

    /// <inheritdoc/>
    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken) =>
        _backend.GetHistoryAsync(instanceId, cancellationToken);

    /// <inheritdoc/>
    public async Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType)
    {
        var threshold = new DateTimeOffset(DateTime.SpecifyKind(thresholdDateTimeUtc, DateTimeKind.Utc));
        await PurgeWhereAsync(
            new InstanceQuery { CreatedTo = timeRangeFilterType == OrchestrationStateTimeRangeFilterType.OrchestrationCreatedTimeFilter ? threshold : null },
            state => timeRangeFilterType switch
            {
                OrchestrationStateTimeRangeFilterType.OrchestrationCreatedTimeFilter => state.CreatedAt <= threshold,
                OrchestrationStateTimeRangeFilterType.OrchestrationCompletedTimeFilter => (state.CompletedAt ?? state.LastUpdatedAt) <= threshold,
                _ => state.LastUpdatedAt <= threshold,
            }).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<PurgeResult> PurgeInstanceStateAsync(string instanceId) =>
        new(await _backend.PurgeAsync(instanceId, CancellationToken.None).ConfigureAwait(false));

    /// <inheritdoc/>
    /// <remarks>Only finished instances are purged; a filter's statuses narrow that further.</remarks>
    public async Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter)
    {
        ArgumentNullException.ThrowIfNull(purgeInstanceFilter);
        var statuses = purgeInstanceFilter.RuntimeStatus?.ToHashSet();
        var query = new InstanceQuery
        {
            CreatedFrom = purgeInstanceFilter.CreatedTimeFrom == default ? null : Utc(purgeInstanceFilter.CreatedTimeFrom),
            CreatedTo = purgeInstanceFilter.CreatedTimeTo is { } to ? Utc(to) : null,
        };
        int purged = await PurgeWhereAsync(query, state => statuses is not { Count: > 0 } || statuses.Contains(state.Status)).ConfigureAwait(false);
        return new PurgeResult(purged);
    }

    /// <inheritdoc/>
    public async Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = await _backend.QueryAsync(
            new InstanceQuery
            {
                Statuses = query.RuntimeStatus?.ToList() ?? [],
                CreatedFrom = query.CreatedTimeFrom is { } from ? Utc(from) : null,
                CreatedTo = query.CreatedTimeTo is { } to ? Utc(to) : null,
                InstanceIdPrefix = string.IsNullOrEmpty(query.InstanceIdPrefix) ? null : query.InstanceIdPrefix,
                PageSize = query.PageSize > 0 ? query.PageSize : 100,
                ContinuationToken = string.IsNullOrEmpty(query.ContinuationToken) ? null : query.ContinuationToken,
            },
            cancellationToken).ConfigureAwait(false);
        return new OrchestrationQueryResult(
            [.. page.Instances.Select(s => ToOrchestrationState(s, query.FetchInputsAndOutputs))], page.ContinuationToken);
    }

    /// <summary>An instance's state as DurableTask.Core reports it; between generations an instance reads as running.</summary>
    internal static OrchestrationState ToOrchestrationState(OrchestrationInstanceState state, bool includeInputsAndOutputs) => new()
    {
        Name = state.Name,
        Version = state.Version ?? string.Empty,
        OrchestrationInstance = new OrchestrationInstance { InstanceId = state.InstanceId, ExecutionId = state.ExecutionId },
        OrchestrationStatus = state.Status == OrchestrationStatus.ContinuedAsNew ? OrchestrationStatus.Running : state.Status,
        CreatedTime = state.CreatedAt.UtcDateTime,
        LastUpdatedTime = state.LastUpdatedAt.UtcDateTime,
        CompletedTime = state.CompletedAt?.UtcDateTime ?? DateTime.MinValue,
        ScheduledStartTime = state.ScheduledStartAt?.UtcDateTime,
        Input = includeInputsAndOutputs ? state.Input : null,
        Output = includeInputsAndOutputs ? state.Output : null,
        Status = state.CustomStatus,
        FailureDetails = state.FailureDetails,
        ParentInstance = state.Parent,
        Tags = state.Tags,
    };

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private async Task<int> PurgeWhereAsync(InstanceQuery query, Func<OrchestrationInstanceState, bool> match)
    {
        int purged = 0;
        string? token = null;
        var finished = new List<string>();
        do
        {
            var page = await _backend.QueryAsync(query with { ContinuationToken = token, PageSize = 500 }, CancellationToken.None).ConfigureAwait(false);
            finished.AddRange(page.Instances.Where(s => s.Status.IsTerminal() && match(s)).Select(s => s.InstanceId));
            token = page.ContinuationToken;
        }
        while (token is not null);

        // Purged after the listing, so deleting rows never moves the query's continuation.
        foreach (string id in finished)
        {
            purged += await _backend.PurgeAsync(id, CancellationToken.None).ConfigureAwait(false);
        }

        return purged;
    }
}
