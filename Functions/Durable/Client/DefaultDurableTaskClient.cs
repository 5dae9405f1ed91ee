using EduFlows.Durable.Backend;
using EduFlows.Durable.History;

namespace EduFlows.Durable.Client;

/// <summary>The client over an <see cref="IOrchestrationBackend"/>.</summary>
internal sealed class DefaultDurableTaskClient(IOrchestrationBackend backend, TimeProvider time) : DurableTaskClient
{
    // Polling is plumbing, not business time: it runs on the real clock so that waiting works under a fake one.
    private static readonly TimeSpan MaxPollInterval = TimeSpan.FromMilliseconds(100);

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        string orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        string instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        ValidateInstanceId(instanceId);
        return await StartAsync(instanceId, orchestratorName, DataConverter.Serialize(input), options?.StartAt, cancellationToken).ConfigureAwait(false);
    }

    public override async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        var state = await backend.GetStateAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return state is null ? null : OrchestrationMetadata.From(state, getInputsAndOutputs);
    }

    public override Task<IReadOnlyList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellationToken = default) =>
        backend.GetHistoryAsync(instanceId, cancellationToken);

    public override async Task<OrchestrationQueryPage> GetInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1, nameof(query));
        var page = await backend.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        return new OrchestrationQueryPage([.. page.Instances.Select(s => OrchestrationMetadata.From(s, includeInputsAndOutputs: true))], page.ContinuationToken);
    }

    public override async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        await RequireActiveAsync(instanceId, "raise an event to", cancellationToken).ConfigureAwait(false);
        await SendAsync(instanceId, new EventRaisedEvent(time.GetUtcNow(), eventName, DataConverter.Serialize(eventPayload)), cancellationToken).ConfigureAwait(false);
    }

    public override async Task TerminateInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
    {
        await RequireActiveAsync(instanceId, "terminate", cancellationToken).ConfigureAwait(false);
        await SendAsync(instanceId, new ExecutionTerminatedEvent(time.GetUtcNow(), reason), cancellationToken).ConfigureAwait(false);
    }

    public override async Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
    {
        await RequireActiveAsync(instanceId, "suspend", cancellationToken).ConfigureAwait(false);
        await SendAsync(instanceId, new ExecutionSuspendedEvent(time.GetUtcNow(), reason), cancellationToken).ConfigureAwait(false);
    }

    public override async Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
    {
        await RequireActiveAsync(instanceId, "resume", cancellationToken).ConfigureAwait(false);
        await SendAsync(instanceId, new ExecutionResumedEvent(time.GetUtcNow(), reason), cancellationToken).ConfigureAwait(false);
    }

    public override async Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellationToken = default)
    {
        var state = await backend.GetStateAsync(instanceId, cancellationToken).ConfigureAwait(false)
            ?? throw new OrchestrationNotFoundException(instanceId);
        var history = await backend.GetHistoryAsync(instanceId, cancellationToken).ConfigureAwait(false);

        // As in Durable Functions: the input of the current execution (after continue-as-new, the latest generation's).
        string? input = history.OfType<ExecutionStartedEvent>().FirstOrDefault()?.Input ?? state.Input;
        string newId = restartWithNewInstanceId ? Guid.NewGuid().ToString("N") : instanceId;
        return await StartAsync(newId, state.Name, input, null, cancellationToken).ConfigureAwait(false);
    }

    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var state = await backend.GetStateAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return new PurgeResult(0);
        }

        if (!state.Status.IsTerminal())
        {
            throw new InvalidOperationException($"Instance '{instanceId}' is {state.Status}; terminate it before purging.");
        }

        return new PurgeResult(await backend.PurgeAsync(instanceId, cancellationToken).ConfigureAwait(false));
    }

    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var statuses = (filter.Statuses is { Count: > 0 } s ? s : [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated])
            .Where(x => x.IsTerminal()).ToArray();
        if (statuses.Length == 0)
        {
            return new PurgeResult(0);
        }

        var query = new OrchestrationQuery { Statuses = statuses, CreatedFrom = filter.CreatedFrom, CreatedTo = filter.CreatedTo, PageSize = 500 };
        int purged = 0;
        do
        {
            var page = await backend.QueryAsync(query, cancellationToken).ConfigureAwait(false);
            foreach (var state in page.Instances)
            {
                purged += await backend.PurgeAsync(state.InstanceId, cancellationToken).ConfigureAwait(false);
            }

            query = query with { ContinuationToken = page.ContinuationToken };
        }
        while (query.ContinuationToken is not null);

        return new PurgeResult(purged);
    }

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default) =>
        WaitForAsync(instanceId, s => s.IsTerminal(), getInputsAndOutputs, cancellationToken);

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default) =>
        WaitForAsync(instanceId, s => s != OrchestrationRuntimeStatus.Pending, getInputsAndOutputs, cancellationToken);

    private static void ValidateInstanceId(string instanceId)
    {
        // Instance ids become table keys and URL segments: keep them printable and free of key-breaking characters.
        if (instanceId.Length is 0 or > 256 || instanceId.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?'))
        {
            throw new ArgumentException($"Instance id '{instanceId}' must be 1-256 characters without control characters, '/', '\\', '#' or '?'.", nameof(instanceId));
        }
    }

    private async Task<string> StartAsync(string instanceId, string name, string? input, DateTimeOffset? startAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        string executionId = Guid.NewGuid().ToString("N");
        var state = new OrchestrationInstanceState
        {
            InstanceId = instanceId,
            Name = name,
            ExecutionId = executionId,
            Status = OrchestrationRuntimeStatus.Pending,
            CreatedAt = now,
            LastUpdatedAt = now,
            ScheduledStartAt = startAt,
            Input = input,
        };
        var start = new OrchestrationMessage(
            Guid.NewGuid().ToString("N"), instanceId, executionId, new ExecutionStartedEvent(now, name, executionId, input, null, startAt), startAt);
        await backend.CreateInstanceAsync(state, start, cancellationToken).ConfigureAwait(false);
        return instanceId;
    }

    private async Task RequireActiveAsync(string instanceId, string operation, CancellationToken cancellationToken)
    {
        var state = await backend.GetStateAsync(instanceId, cancellationToken).ConfigureAwait(false)
            ?? throw new OrchestrationNotFoundException(instanceId);
        if (state.Status.IsTerminal())
        {
            throw new InvalidOperationException($"Cannot {operation} instance '{instanceId}': it is {state.Status}.");
        }
    }

    private Task SendAsync(string instanceId, HistoryEvent historyEvent, CancellationToken cancellationToken) =>
        backend.SendMessageAsync(new OrchestrationMessage(Guid.NewGuid().ToString("N"), instanceId, null, historyEvent), cancellationToken);

    private async Task<OrchestrationMetadata> WaitForAsync(
        string instanceId, Func<OrchestrationRuntimeStatus, bool> done, bool getInputsAndOutputs, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            var state = await backend.GetStateAsync(instanceId, cancellationToken).ConfigureAwait(false)
                ?? throw new OrchestrationNotFoundException(instanceId);
            if (done(state.Status))
            {
                return OrchestrationMetadata.From(state, getInputsAndOutputs);
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, MaxPollInterval.Ticks));
        }
    }
}
