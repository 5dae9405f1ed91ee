using System.Threading.Channels;
using EduFlows.Durable.History;

namespace EduFlows.Durable.Backend.InMemory;

/// <summary>A backend that keeps everything in process memory: fast, for unit tests and benchmarks; nothing survives the process.</summary>
/// <remarks>Timers are delivered when the given <see cref="TimeProvider"/> reaches their due time, so a fake clock drives them.</remarks>
public sealed class InMemoryOrchestrationBackend : IOrchestrationBackend, IDisposable
{
    // The longest single wait handed to the clock; longer timers re-arm (system timers cap near 49 days).
    private static readonly TimeSpan MaxTimerWait = TimeSpan.FromDays(30);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Instance> _instances = new(StringComparer.Ordinal);
    private readonly PriorityQueue<OrchestrationMessage, (DateTimeOffset Due, long Sequence)> _timers = new();
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>();
    private readonly Channel<ActivityRequest> _activities = Channel.CreateUnbounded<ActivityRequest>();
    private readonly ITimer _timerWake;
    private long _timerSequence;

    /// <summary>Creates the backend on a clock.</summary>
    public InMemoryOrchestrationBackend(TimeProvider timeProvider)
    {
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _timerWake = _time.CreateTimer(_ => ReleaseDueTimers(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <inheritdoc/>
    public Task CreateInstanceAsync(OrchestrationInstanceState state, OrchestrationMessage startMessage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(startMessage);
        lock (_gate)
        {
            var instance = GetOrAdd(state.InstanceId);
            if (instance.State is { } existing && existing.Status.IsActive())
            {
                throw new OrchestrationAlreadyExistsException(state.InstanceId, existing.Status);
            }

            instance.State = state;
            instance.History = [];
            Deliver(startMessage);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task SendMessageAsync(OrchestrationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            Deliver(message);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<OrchestrationInstanceState?> GetStateAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_instances.TryGetValue(instanceId, out var instance) ? instance.State : null);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<HistoryEvent> history = _instances.TryGetValue(instanceId, out var instance) ? [.. instance.History] : [];
            return Task.FromResult(history);
        }
    }

    /// <inheritdoc/>
    public Task<InstancePage> QueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            var matches = _instances.Values
                .Select(i => i.State)
                .OfType<OrchestrationInstanceState>()
                .Where(s => query.Matches(s) && (query.ContinuationToken is null || string.CompareOrdinal(s.InstanceId, query.ContinuationToken) > 0))
                .OrderBy(s => s.InstanceId, StringComparer.Ordinal)
                .Take(query.PageSize + 1)
                .ToList();
            bool more = matches.Count > query.PageSize;
            var page = matches.Take(query.PageSize).ToList();
            return Task.FromResult(new InstancePage(page, more ? page[^1].InstanceId : null));
        }
    }

    /// <inheritdoc/>
    public Task<int> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_instances.TryGetValue(instanceId, out var instance) || instance.State is null)
            {
                return Task.FromResult(0);
            }

            instance.State = null;
            instance.History = [];
            if (!instance.Locked && instance.Pending.Count == 0)
            {
                _instances.Remove(instanceId);
            }

            return Task.FromResult(1);
        }
    }

    /// <inheritdoc/>
    public async Task<OrchestrationWorkItem?> LockNextOrchestrationAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            string instanceId;
            try
            {
                instanceId = await _ready.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }

            lock (_gate)
            {
                if (!_instances.TryGetValue(instanceId, out var instance))
                {
                    continue;
                }

                instance.Queued = false;
                if (instance.Locked || instance.Pending.Count == 0)
                {
                    continue;
                }

                instance.Locked = true;
                var messages = instance.Pending;
                instance.Pending = [];
                return new OrchestrationWorkItem(instanceId, instance.State, instance.History, messages);
            }
        }
    }

    /// <inheritdoc/>
    public Task CompleteOrchestrationAsync(OrchestrationWorkItem workItem, OrchestrationStep result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(result);
        lock (_gate)
        {
            var instance = _instances[workItem.InstanceId];
            if (!ReferenceEquals(instance.State, workItem.State))
            {
                // A purge or a new start changed the instance while this step ran: the step is void, its messages go again.
                instance.Pending = [.. workItem.Messages, .. instance.Pending];
                Release(instance);
                return Task.CompletedTask;
            }

            if (result.State is not null)
            {
                instance.State = result.State;
                if (result.ReplacesHistory)
                {
                    instance.History = [.. result.NewEvents];
                }
                else
                {
                    // Copy on write: a reader may still hold the list handed out with the work item.
                    instance.History = [.. instance.History, .. result.NewEvents];
                }
            }

            foreach (var request in result.ActivityRequests)
            {
                _activities.Writer.TryWrite(request);
            }

            foreach (var message in result.OrchestrationMessages)
            {
                Deliver(message);
            }

            Release(instance);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task AbandonOrchestrationAsync(OrchestrationWorkItem workItem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        lock (_gate)
        {
            var instance = _instances[workItem.InstanceId];
            instance.Pending = [.. workItem.Messages, .. instance.Pending];
            Release(instance);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task<ActivityWorkItem?> LockNextActivityAsync(CancellationToken cancellationToken)
    {
        try
        {
            return new ActivityWorkItem(await _activities.Reader.ReadAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public Task CompleteActivityAsync(ActivityWorkItem workItem, OrchestrationMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        lock (_gate)
        {
            Deliver(response);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task AbandonActivityAsync(ActivityWorkItem workItem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        _activities.Writer.TryWrite(workItem.Request);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void Dispose() => _timerWake.Dispose();

    private Instance GetOrAdd(string instanceId)
    {
        if (!_instances.TryGetValue(instanceId, out var instance))
        {
            _instances[instanceId] = instance = new Instance(instanceId);
        }

        return instance;
    }

    private void Deliver(OrchestrationMessage message)
    {
        if (message.VisibleAt is { } due && due > _time.GetUtcNow())
        {
            _timers.Enqueue(message, (due, _timerSequence++));
            ArmTimerWake();
            return;
        }

        var instance = GetOrAdd(message.InstanceId);
        instance.Pending.Add(message);
        Signal(instance);
    }

    private void Signal(Instance instance)
    {
        if (!instance.Locked && !instance.Queued && instance.Pending.Count > 0)
        {
            instance.Queued = true;
            _ready.Writer.TryWrite(instance.Id);
        }
    }

    private void Release(Instance instance)
    {
        instance.Locked = false;
        if (instance.State is null && instance.Pending.Count == 0)
        {
            _instances.Remove(instance.Id);
            return;
        }

        Signal(instance);
    }

    private void ReleaseDueTimers()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            while (_timers.TryPeek(out var message, out var key) && key.Due <= now)
            {
                _timers.Dequeue();
                var instance = GetOrAdd(message.InstanceId);
                instance.Pending.Add(message);
                Signal(instance);
            }

            ArmTimerWake();
        }
    }

    private void ArmTimerWake()
    {
        if (!_timers.TryPeek(out _, out var next))
        {
            return;
        }

        var wait = next.Due - _time.GetUtcNow();
        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxTimerWait ? MaxTimerWait : wait;
        _timerWake.Change(wait, Timeout.InfiniteTimeSpan);
    }

    private sealed class Instance(string id)
    {
        public string Id { get; } = id;

        public OrchestrationInstanceState? State { get; set; }

        public IReadOnlyList<HistoryEvent> History { get; set; } = [];

        public List<OrchestrationMessage> Pending { get; set; } = [];

        public bool Locked { get; set; }

        public bool Queued { get; set; }
    }
}
