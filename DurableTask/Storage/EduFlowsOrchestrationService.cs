using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EduFlows.DurableTask.Storage;

/// <summary>
/// The <c>EduFlows</c> storage provider: DurableTask.Core's orchestration service over one of our storage engines
/// (Azure Storage, or memory for unit tests).
/// </summary>
/// <remarks>
/// DurableTask.Core's dispatchers run the orchestrators and decide what a step does; this class turns their work items
/// into the engine's steps. What it adds to the framework: timers and scheduled starts follow the app's
/// <see cref="TimeProvider"/> and never fire early; a start of an active id is always refused; state is written in the
/// same commit as the step, so status is never stale; a response for a task already answered never reaches history;
/// events for an instance that has not started yet wait for its start.
/// </remarks>
public sealed partial class EduFlowsOrchestrationService : IOrchestrationService
{
    private readonly IOrchestrationBackend _backend;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<EduFlowsOrchestrationWorkItem, DateTimeOffset> _inFlight = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<EduFlowsActivityWorkItem, DateTimeOffset> _inFlightActivities = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates the provider over <paramref name="backend"/>.</summary>
    public EduFlowsOrchestrationService(IOrchestrationBackend backend, TimeProvider time, EduFlowsProviderOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(time);
        options ??= new EduFlowsProviderOptions();
        options.Validate();
        _backend = backend;
        _time = time;
        MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations;
        MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<EduFlowsOrchestrationService>();
    }

    /// <summary>The engine underneath, for tests and benchmarks that look at storage directly.</summary>
    public IOrchestrationBackend Backend => _backend;

    /// <inheritdoc/>
    public int TaskOrchestrationDispatcherCount => 1;

    /// <inheritdoc/>
    public int MaxConcurrentTaskOrchestrationWorkItems { get; }

    /// <inheritdoc/>
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => BehaviorOnContinueAsNew.Carryover;

    /// <inheritdoc/>
    public int TaskActivityDispatcherCount => 1;

    /// <inheritdoc/>
    public int MaxConcurrentTaskActivityWorkItems { get; }

    /// <inheritdoc/>
    public Task StartAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StopAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StopAsync(bool isForced) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task CreateAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public Task CreateAsync(bool recreateInstanceStore) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task CreateIfNotExistsAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public Task DeleteAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public Task DeleteAsync(bool deleteInstanceStore) => Task.CompletedTask;

    /// <inheritdoc/>
    /// <remarks>The engine cuts a large step into batches itself, so the dispatcher never has to split one.</remarks>
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => false;

    /// <inheritdoc/>
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => exception is OperationCanceledException ? 0 : 1;

    /// <inheritdoc/>
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => exception is OperationCanceledException ? 0 : 1;

    /// <inheritdoc/>
    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(receiveTimeout);
        while (true)
        {
            OrchestrationWorkItem? locked;
            try
            {
                locked = await _backend.LockNextOrchestrationAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                locked = null;
            }

            if (locked is null)
            {
                // The dispatcher treats null as "nothing came within the timeout" and asks again.
                return null!;
            }

            OrchestrationBatch prepared;
            try
            {
                prepared = OrchestrationBatch.Prepare(locked, _time.GetUtcNow(), _logger);
                if (prepared.Deliver.Count == 0)
                {
                    // Nothing for the orchestrator: keep what was held back or dropped, and release the instance.
                    await _backend.CompleteOrchestrationAsync(locked, prepared.WithoutExecution(_time.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);
                    continue;
                }
            }
            catch (Exception)
            {
                // No dispatcher holds this work item yet: without the abandon the instance stayed locked for the life
                // of the process and never ran again (a storage error here hung it). The error goes on to the dispatcher.
                await AbandonQuietlyAsync(locked).ConfigureAwait(false);
                throw;
            }

            var workItem = new EduFlowsOrchestrationWorkItem(locked, prepared);
            _inFlight[workItem] = _time.GetUtcNow();
            return workItem;
        }
    }

    private async Task AbandonQuietlyAsync(OrchestrationWorkItem locked)
    {
        try
        {
            await _backend.AbandonOrchestrationAsync(locked, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The caller's error is the one to report; the backend's own error path logs its own.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ProviderLog.AbandonFailed(_logger, locked.InstanceId, ex);
        }
    }

    /// <inheritdoc/>
    /// <remarks>The instance is held by its partition's lease, which the engine renews; the work item needs no renewal.</remarks>
    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(newOrchestrationRuntimeState);
        var item = (EduFlowsOrchestrationWorkItem)workItem;
        return CompleteAsync(item, item.Batch.ToStep(
            newOrchestrationRuntimeState,
            outboundMessages ?? [],
            orchestratorMessages ?? [],
            timerMessages ?? [],
            continuedAsNewMessage,
            orchestrationState,
            _time.GetUtcNow()));
    }

    /// <inheritdoc/>
    public async Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        var item = (EduFlowsOrchestrationWorkItem)workItem;
        if (item.TrySettle())
        {
            _inFlight.TryRemove(item, out _);
            await _backend.AbandonOrchestrationAsync(item.Locked, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The engine releases the instance when the step commits or is abandoned. A dispatcher that was stopped while it
    /// fetched releases the work item without running it: that one is abandoned here, or its instance would stay locked
    /// for the life of the process (a worker started again in the same process never ran it).
    /// </remarks>
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) =>
        workItem is EduFlowsOrchestrationWorkItem { Settled: false } item ? AbandonTaskOrchestrationWorkItemAsync(item) : Task.CompletedTask;

    private async Task CompleteAsync(EduFlowsOrchestrationWorkItem item, OrchestrationStep step)
    {
        // Settled only once committed: after a failed commit the dispatcher abandons the work item, and that must run.
        await _backend.CompleteOrchestrationAsync(item.Locked, step, CancellationToken.None).ConfigureAwait(false);
        item.TrySettle();
        _inFlight.TryRemove(item, out _);
    }

    /// <inheritdoc/>
    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(receiveTimeout);
        ActivityWorkItem? locked;
        try
        {
            locked = await _backend.LockNextActivityAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            locked = null;
        }

        if (locked is null)
        {
            return null!;
        }

        var workItem = new EduFlowsActivityWorkItem(locked);
        _inFlightActivities[workItem] = _time.GetUtcNow();
        return workItem;
    }

    /// <inheritdoc/>
    /// <remarks>The engine keeps a running call invisible to other workers by itself.</remarks>
    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => Task.FromResult(workItem);

    /// <inheritdoc/>
    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(responseMessage);
        var locked = ((EduFlowsActivityWorkItem)workItem).Locked;
        var request = locked.Request;
        responseMessage.Event.Timestamp = _time.GetUtcNow().UtcDateTime;
        var response = new OrchestrationMessage(OrchestrationIds.NewId(), request.InstanceId, request.ExecutionId, responseMessage.Event);
        _inFlightActivities.TryRemove((EduFlowsActivityWorkItem)workItem, out _);
        return _backend.CompleteActivityAsync(locked, response, CancellationToken.None);
    }

    /// <inheritdoc/>
    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        _inFlightActivities.TryRemove((EduFlowsActivityWorkItem)workItem, out _);
        return _backend.AbandonActivityAsync(((EduFlowsActivityWorkItem)workItem).Locked, CancellationToken.None);
    }

    /// <summary>
    /// Work items handed to the dispatchers and not yet completed or abandoned, with when each was handed out: what a
    /// stalled run is waiting on, for its diagnostic dump.
    /// </summary>
    internal IReadOnlyList<(string Kind, string InstanceId, DateTimeOffset Since)> InFlight =>
    [
        .. _inFlight.Select(p => ("orchestration", p.Key.InstanceId, p.Value)),
        .. _inFlightActivities.Select(p => ("activity " + p.Key.Locked.Request.Name, p.Key.Locked.Request.InstanceId, p.Value)),
    ];
}
