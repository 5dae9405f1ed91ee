using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using EduFlows.DurableTask.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using CoreQuery = DurableTask.Core.Query.OrchestrationQuery;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;
using SdkQuery = Microsoft.DurableTask.Client.OrchestrationQuery;

namespace EduFlows.DurableTask.Client;

/// <summary>The Durable Task SDK's client over a DurableTask.Core storage provider, as the worker's own host uses it.</summary>
/// <remarks>
/// Microsoft's upstream shim for this is not available here, so this covers what the Durable HTTP management API and
/// the processes use. Starts of an id that is pending, running or suspended are refused unless the caller names other
/// dedupe statuses; status and waits are read from the provider, polling at a gentle pace.
/// </remarks>
public sealed class TaskHubDurableTaskClient : DurableTaskClient
{
    private static readonly OrchestrationStatus[] ActiveStatuses =
        [OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.ContinuedAsNew, OrchestrationStatus.Suspended];

    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(500);

    private readonly IOrchestrationServiceClient _service;
    private readonly DataConverter _converter;
    private readonly TimeProvider _time;
    private readonly string _defaultVersion;
    private readonly RestartVersion _restartVersion;

    /// <summary>Creates the client over <paramref name="service"/>, which may also offer query, purge and typed history.</summary>
    /// <param name="service">The provider's client.</param>
    /// <param name="converter">Serializes inputs and outputs.</param>
    /// <param name="time">Stamps starts.</param>
    /// <param name="name">The client's name.</param>
    /// <param name="defaultVersion">The version of instances started without one (<c>host.json</c> <c>defaultVersion</c>).</param>
    /// <param name="restartVersion">The version <see cref="RestartAsync"/> starts a new run at: the recorded one by default, as the SDK's own host restarts.</param>
    public TaskHubDurableTaskClient(
        IOrchestrationServiceClient service, DataConverter converter, TimeProvider time, string name = "default", string? defaultVersion = null, RestartVersion restartVersion = RestartVersion.Recorded)
        : base(name)
    {
        _defaultVersion = defaultVersion ?? string.Empty;
        _restartVersion = restartVersion;
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(converter);
        ArgumentNullException.ThrowIfNull(time);
        _service = service;
        _converter = converter;
        _time = time;
    }

    /// <inheritdoc/>
    /// <exception cref="OrchestrationAlreadyExistsException">When the id is taken by an instance in a dedupe status (by default: any active one).</exception>
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        string instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        var started = new ExecutionStartedEvent(-1, _converter.Serialize(input))
        {
            Name = orchestratorName.Name,
            Version = options?.Version?.Version ?? _defaultVersion,
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = Guid.NewGuid().ToString("N") },
            ScheduledStartTime = options?.StartAt?.UtcDateTime,
            Tags = options?.Tags?.ToDictionary(t => t.Key, t => t.Value),
            Timestamp = _time.GetUtcNow().UtcDateTime,
        };
        var dedupe = options?.DedupeStatuses is { Count: > 0 } named
            ? [.. named.Select(s => Enum.Parse<OrchestrationStatus>(s, ignoreCase: true))]
            : ActiveStatuses;
        await CreateAsync(started, dedupe).ConfigureAwait(false);
        return instanceId;
    }

    /// <inheritdoc/>
    public override async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        await RequireActiveAsync(instanceId, "raise an event for").ConfigureAwait(false);
        await SendAsync(instanceId, new EventRaisedEvent(-1, _converter.Serialize(eventPayload)) { Name = eventName }).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        await RequireActiveAsync(instanceId, "terminate").ConfigureAwait(false);
        await _service.ForceTerminateTaskOrchestrationAsync(instanceId, _converter.Serialize(options?.Output)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
    {
        await RequireActiveAsync(instanceId, "suspend").ConfigureAwait(false);
        await SendAsync(instanceId, new ExecutionSuspendedEvent(-1, reason)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
    {
        await RequireActiveAsync(instanceId, "resume").ConfigureAwait(false);
        await SendAsync(instanceId, new ExecutionResumedEvent(-1, reason)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var states = await _service.GetOrchestrationStateAsync(instanceId, allExecutions: false).ConfigureAwait(false);
        if (states?.FirstOrDefault() is not { } state)
        {
            return null;
        }

        if (state.OrchestrationStatus == OrchestrationStatus.Failed && state.FailureDetails is null)
        {
            // Microsoft's provider keeps no FailureDetails on the instance; its history's completion event may.
            state.FailureDetails = await FailureFromHistoryAsync(instanceId, cancellation).ConfigureAwait(false);
        }

        return ToMetadata(state, getInputsAndOutputs);
    }

    /// <inheritdoc/>
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(SdkQuery? filter = null)
    {
        var queries = _service as IOrchestrationServiceQueryClient
            ?? throw new NotSupportedException($"{_service.GetType().Name} cannot list instances.");
        return Pageable.Create(async (string? token, int? pageSize, CancellationToken cancellation) =>
        {
            var query = new CoreQuery
            {
                RuntimeStatus = filter?.Statuses?.Select(s => (OrchestrationStatus)s).ToList(),
                CreatedTimeFrom = filter?.CreatedFrom?.UtcDateTime,
                CreatedTimeTo = filter?.CreatedTo?.UtcDateTime,
                InstanceIdPrefix = filter?.InstanceIdPrefix,
                PageSize = pageSize ?? filter?.PageSize ?? SdkQuery.DefaultPageSize,
                ContinuationToken = token ?? filter?.ContinuationToken,
                FetchInputsAndOutputs = filter?.FetchInputsAndOutputs ?? false,
            };
            OrchestrationQueryResult result = await queries.GetOrchestrationWithQueryAsync(query, cancellation).ConfigureAwait(false);
            return new Page<OrchestrationMetadata>(
                [.. result.OrchestrationState.Select(s => ToMetadata(s, query.FetchInputsAndOutputs))],
                string.IsNullOrEmpty(result.ContinuationToken) ? null : result.ContinuationToken);
        });
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">When the instance is still active.</exception>
    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        var state = await GetInstancesAsync(instanceId, getInputsAndOutputs: false, cancellation).ConfigureAwait(false);
        if (state is null)
        {
            return new PurgeResult(0);
        }

        if (!state.IsCompleted)
        {
            throw new InvalidOperationException($"Instance '{instanceId}' is {state.RuntimeStatus}; only finished instances can be purged.");
        }

        var result = await Purger().PurgeInstanceStateAsync(instanceId).ConfigureAwait(false);
        return new PurgeResult(result.DeletedInstanceCount);
    }

    /// <inheritdoc/>
    /// <remarks>Only finished instances are purged, whatever the filter.</remarks>
    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var statuses = filter.Statuses?.Select(s => (OrchestrationStatus)s).Where(s => s.IsTerminal()).ToList();
        var coreFilter = new PurgeInstanceFilter(
            filter.CreatedFrom?.UtcDateTime ?? DateTime.MinValue,
            filter.CreatedTo?.UtcDateTime,
            statuses is { Count: > 0 } ? statuses : [OrchestrationStatus.Completed, OrchestrationStatus.Failed, OrchestrationStatus.Terminated]);
        var result = await Purger().PurgeInstanceStateAsync(coreFilter).ConfigureAwait(false);
        return new PurgeResult(result.DeletedInstanceCount, result.IsComplete);
    }

    /// <inheritdoc/>
    /// <remarks>The new run has the recorded input, at the version the client was made to restart at (<see cref="RestartVersion"/>).</remarks>
    /// <exception cref="OrchestrationNotFoundException">When the instance does not exist.</exception>
    public override async Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellation = default)
    {
        var state = await GetInstancesAsync(instanceId, getInputsAndOutputs: true, cancellation).ConfigureAwait(false)
            ?? throw new OrchestrationNotFoundException(instanceId);
        string newId = restartWithNewInstanceId ? Guid.NewGuid().ToString("N") : instanceId;
        var started = new ExecutionStartedEvent(-1, state.SerializedInput)
        {
            Name = state.Name,
            Version = _restartVersion == RestartVersion.Default ? _defaultVersion : InstanceVersion.Of(state),
            OrchestrationInstance = new OrchestrationInstance { InstanceId = newId, ExecutionId = Guid.NewGuid().ToString("N") },
            Timestamp = _time.GetUtcNow().UtcDateTime,
        };
        await CreateAsync(started, ActiveStatuses).ConfigureAwait(false);
        return newId;
    }

    /// <inheritdoc/>
    /// <exception cref="OrchestrationNotFoundException">When the instance does not exist.</exception>
    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitAsync(instanceId, getInputsAndOutputs, m => m.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellation);

    /// <inheritdoc/>
    /// <exception cref="OrchestrationNotFoundException">When the instance does not exist.</exception>
    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitAsync(instanceId, getInputsAndOutputs, m => m.IsCompleted, cancellation);

    /// <inheritdoc/>
    public override async Task<IList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default)
    {
        if (_service is IOrchestrationHistoryReader reader)
        {
            return [.. await reader.GetHistoryAsync(instanceId, cancellation).ConfigureAwait(false)];
        }

        string json = await _service.GetOrchestrationHistoryAsync(instanceId, null).ConfigureAwait(false);
        return HistoryJson.Parse(json);
    }

    /// <inheritdoc/>
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static TaskFailureDetails? ToFailure(FailureDetails? failure) => failure is null
        ? null
        : new TaskFailureDetails(failure.ErrorType, failure.ErrorMessage, failure.StackTrace, ToFailure(failure.InnerFailure), null);

    /// <summary>A failure a provider kept only as its output, which DurableTask.Core writes as "Type: message".</summary>
    private static TaskFailureDetails? FailureFromOutput(OrchestrationState state)
    {
        if (state.OrchestrationStatus != OrchestrationStatus.Failed || string.IsNullOrEmpty(state.Output))
        {
            return null;
        }

        string output = state.Output;
        int colon = output.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && !output.AsSpan(0, colon).ContainsAny(' ', '"', '{')
            ? new TaskFailureDetails(output[..colon], output[(colon + 2)..], null, null, null)
            : new TaskFailureDetails(string.Empty, output, null, null, null);
    }

    private async Task<FailureDetails?> FailureFromHistoryAsync(string instanceId, CancellationToken cancellation)
    {
        var history = await GetOrchestrationHistoryAsync(instanceId, cancellation).ConfigureAwait(false);
        return history.OfType<ExecutionCompletedEvent>().LastOrDefault()?.FailureDetails;
    }

    private IOrchestrationServicePurgeClient Purger() => _service as IOrchestrationServicePurgeClient
        ?? throw new NotSupportedException($"{_service.GetType().Name} cannot purge instances.");

    private OrchestrationMetadata ToMetadata(OrchestrationState state, bool includeInputsAndOutputs) => InstanceVersion.Note(new(state.Name, state.OrchestrationInstance.InstanceId)
    {
        // Between generations an instance is still running for its callers.
        RuntimeStatus = state.OrchestrationStatus == OrchestrationStatus.ContinuedAsNew
            ? OrchestrationRuntimeStatus.Running
            : (OrchestrationRuntimeStatus)state.OrchestrationStatus,
        CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.CreatedTime, DateTimeKind.Utc)),
        LastUpdatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.LastUpdatedTime, DateTimeKind.Utc)),
        SerializedInput = includeInputsAndOutputs ? state.Input : null,
        SerializedOutput = includeInputsAndOutputs ? state.Output : null,
        // Microsoft's provider writes "no custom status" as the JSON literal null; callers see none either way.
        SerializedCustomStatus = state.Status is null or "null" ? null : state.Status,
        FailureDetails = ToFailure(state.FailureDetails) ?? FailureFromOutput(state),
        Tags = state.Tags is null ? new Dictionary<string, string>() : new Dictionary<string, string>(state.Tags),
        DataConverter = _converter,
    }, state.Version);

    private async Task CreateAsync(ExecutionStartedEvent started, OrchestrationStatus[] dedupe)
    {
        string instanceId = started.OrchestrationInstance.InstanceId;
        try
        {
            await _service.CreateTaskOrchestrationAsync(
                new TaskMessage { Event = started, OrchestrationInstance = started.OrchestrationInstance }, dedupe).ConfigureAwait(false);
        }
        catch (OrchestrationAlreadyExistsException e) when (!e.Message.Contains(instanceId, StringComparison.Ordinal))
        {
            // Microsoft's provider does not say which id it refused; a caller starting many needs to know.
            throw new OrchestrationAlreadyExistsException($"An orchestration with instance id '{instanceId}' already exists: {e.Message}", e);
        }
    }

    private async Task RequireActiveAsync(string instanceId, string action)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);

        // The status alone, where the provider can read just that: this check runs before every event raised.
        var status = _service is IOrchestrationStatusReader reader
            ? await reader.GetStatusAsync(instanceId, CancellationToken.None).ConfigureAwait(false)
            : (OrchestrationStatus?)(await GetInstancesAsync(instanceId).ConfigureAwait(false))?.RuntimeStatus;
        if (status is not { } found)
        {
            throw new OrchestrationNotFoundException(instanceId);
        }

        if (found.IsTerminal())
        {
            throw new InvalidOperationException($"Cannot {action} instance '{instanceId}': it is {(OrchestrationRuntimeStatus)found}.");
        }
    }

    private Task SendAsync(string instanceId, HistoryEvent e)
    {
        e.Timestamp = _time.GetUtcNow().UtcDateTime;
        return _service.SendTaskOrchestrationMessageAsync(new TaskMessage { Event = e, OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId } });
    }

    private async Task<OrchestrationMetadata> WaitAsync(string instanceId, bool getInputsAndOutputs, Func<OrchestrationMetadata, bool> done, CancellationToken cancellation)
    {
        var delay = FirstPoll;
        while (true)
        {
            var state = await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false)
                ?? throw new OrchestrationNotFoundException(instanceId);
            if (done(state))
            {
                return state;
            }

            // Real time on purpose: the wait is the caller's, not the orchestration's.
            await Task.Delay(delay, cancellation).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestPoll.Ticks));
        }
    }
}
