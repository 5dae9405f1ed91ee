using EduFlows.Durable.History;
using Microsoft.Extensions.Logging;

namespace EduFlows.Durable.Worker;

/// <summary>The orchestration context the engine gives orchestrator code: every call becomes an action matched against history.</summary>
internal sealed partial class ReplayOrchestrationContext : TaskOrchestrationContext
{
    private readonly ILoggerFactory _loggerFactory;
    private readonly SortedDictionary<int, HistoryEvent> _unconfirmedActions = [];
    private readonly Dictionary<int, OpenTask> _openTasks = [];
    private readonly Dictionary<string, LinkedList<TaskCompletionSource<string?>>> _eventWaiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<EventRaisedEvent> _bufferedEvents = [];
    private readonly HashSet<int> _cancelledTimers = [];
    private DateTimeOffset _currentUtc;
    private string? _input;
    private int _nextActionId;
    private int _guidCounter;

    public ReplayOrchestrationContext(string name, string instanceId, ILoggerFactory loggerFactory)
    {
        Name = name;
        InstanceId = instanceId;
        _loggerFactory = loggerFactory;
    }

    public override string Name { get; }

    public override string InstanceId { get; }

    public override DateTime CurrentUtcDateTime => _currentUtc.UtcDateTime;

    public override bool IsReplaying => _isReplaying;

    /// <summary>The serialized custom status after this step.</summary>
    public string? CustomStatus { get; private set; }

    /// <summary>Set when the orchestrator asked to continue as new.</summary>
    public bool ContinueAsNewRequested { get; private set; }

    /// <summary>The next generation's serialized input.</summary>
    public string? ContinueAsNewInput { get; private set; }

    private bool PreserveUnprocessedEvents { get; set; }

    public override T? GetInput<T>()
        where T : default => DataConverter.Deserialize<T>(_input);

    public override async Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        string? serializedInput = DataConverter.Serialize(input);
        string? result = options?.Retry is { } retry
            ? await WithRetry(retry, () => ScheduleActivity(name, serializedInput))
            : await ScheduleActivity(name, serializedInput);
        return DataConverter.Deserialize<TResult>(result)!;
    }

    public override async Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        string? serializedInput = DataConverter.Serialize(input);
        string? instanceId = (options as SubOrchestrationOptions)?.InstanceId;
        string? result = options?.Retry is { } retry
            ? await WithRetry(retry, () => ScheduleSubOrchestration(orchestratorName, instanceId, serializedInput))
            : await ScheduleSubOrchestration(orchestratorName, instanceId, serializedInput);
        return DataConverter.Deserialize<TResult>(result)!;
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        DateTime utc = fireAt.Kind == DateTimeKind.Local ? fireAt.ToUniversalTime() : DateTime.SpecifyKind(fireAt, DateTimeKind.Utc);
        int id = _nextActionId++;
        AddAction(new TimerCreatedEvent(id, _currentUtc, new DateTimeOffset(utc)));
        var timer = Open(id, "timer");
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (_openTasks.Remove(id))
                {
                    _cancelledTimers.Add(id);
                    timer.TrySetCanceled(cancellationToken);
                }
            });
        }

        return timer.Task;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        int buffered = _bufferedEvents.FindIndex(e => string.Equals(e.Name, eventName, StringComparison.OrdinalIgnoreCase));
        if (buffered >= 0)
        {
            string? input = _bufferedEvents[buffered].Input;
            _bufferedEvents.RemoveAt(buffered);
            return Task.FromResult(DataConverter.Deserialize<T>(input)!);
        }

        if (!_eventWaiters.TryGetValue(eventName, out var waiters))
        {
            _eventWaiters[eventName] = waiters = new LinkedList<TaskCompletionSource<string?>>();
        }

        var waiter = new TaskCompletionSource<string?>();
        var node = waiters.AddLast(waiter);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                // A cancelled wait leaves the queue, so the next event of this name goes to the next waiter or the buffer.
                if (node.List is not null)
                {
                    waiters.Remove(node);
                    waiter.TrySetCanceled(cancellationToken);
                }
            });
        }

        return Deserialized<T>(waiter.Task);
    }

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        ContinueAsNewRequested = true;
        ContinueAsNewInput = DataConverter.Serialize(newInput);
        PreserveUnprocessedEvents = preserveUnprocessedEvents;
    }

    public override void SetCustomStatus(object? customStatus) => CustomStatus = DataConverter.Serialize(customStatus);

    public override Guid NewGuid() =>
        DeterministicGuid.Create($"{InstanceId}_{_currentUtc.UtcDateTime:o}_{_guidCounter++}");

    public override ILogger CreateReplaySafeLogger(string categoryName) =>
        new ReplaySafeLogger(this, _loggerFactory.CreateLogger(categoryName));

    private static async Task<T> Deserialized<T>(Task<string?> task) => DataConverter.Deserialize<T>(await task)!;

    private async Task<string?> WithRetry(RetryPolicy policy, Func<Task<string?>> attempt)
    {
        for (int failedAttempts = 0; ; failedAttempts++)
        {
            try
            {
                return await attempt();
            }
            catch (TaskFailedException ex) when (failedAttempts + 1 < policy.MaxNumberOfAttempts && (policy.Handle?.Invoke(ex.FailureDetails) ?? true))
            {
                await CreateTimer(CurrentUtcDateTime.Add(policy.GetDelay(failedAttempts + 1)), CancellationToken.None);
            }
        }
    }

    private Task<string?> ScheduleActivity(string name, string? input)
    {
        int id = _nextActionId++;
        AddAction(new TaskScheduledEvent(id, _currentUtc, name, input));
        return Open(id, name).Task;
    }

    private Task<string?> ScheduleSubOrchestration(string name, string? instanceId, string? input)
    {
        int id = _nextActionId++;
        // The execution id keeps default child ids unique across generations and restarts of the parent.
        string childId = instanceId ?? $"{InstanceId}:{_executionId[..Math.Min(12, _executionId.Length)]}:{id}";
        AddAction(new SubOrchestrationInstanceCreatedEvent(id, _currentUtc, name, childId, input));
        return Open(id, name).Task;
    }

    private void AddAction(HistoryEvent action)
    {
        if (_completed)
        {
            throw new InvalidOperationException("The orchestration already completed; it cannot schedule more work.");
        }

        _unconfirmedActions[action.EventId] = action;
    }

    private TaskCompletionSource<string?> Open(int id, string name)
    {
        var completion = new TaskCompletionSource<string?>();
        _openTasks[id] = new OpenTask(name, completion);
        return completion;
    }

    private sealed record OpenTask(string Name, TaskCompletionSource<string?> Completion);
}
