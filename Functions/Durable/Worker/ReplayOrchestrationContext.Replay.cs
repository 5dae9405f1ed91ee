using EduFlows.Durable.History;

namespace EduFlows.Durable.Worker;

/// <summary>The replay half of the context: applying history events to the running orchestrator code.</summary>
internal sealed partial class ReplayOrchestrationContext
{
    private readonly OrchestrationTaskScheduler _scheduler = new();
    private bool _isReplaying;
    private string _executionId = string.Empty;
    private bool _completed;
    private OrchestratorInvoker? _invoker;
    private Task<Task<string?>>? _run;

    /// <summary>True once the orchestrator code returned or threw.</summary>
    public bool IsFinished => Outcome is not null;

    /// <summary>The orchestrator's own task, once it has started and returned it.</summary>
    public Task? Outcome => _run switch
    {
        null => null,
        { IsCompletedSuccessfully: true } run => run.Result.IsCompleted ? run.Result : null,
        { IsCompleted: true } run => run,
        _ => null,
    };

    /// <summary>How many durable tasks (activities, timers, sub-orchestrations, event waits) the code still waits on.</summary>
    public int OpenDurableTaskCount => _openTasks.Count + _eventWaiters.Values.Sum(w => w.Count);

    /// <summary>Events received but not consumed by a wait, in arrival order.</summary>
    public IReadOnlyList<EventRaisedEvent> UnconsumedEvents => _bufferedEvents;

    /// <summary>Whether unconsumed events go on to the next generation.</summary>
    public bool PreservesUnprocessedEvents => PreserveUnprocessedEvents;

    /// <summary>True when this live orchestrator saw a non-durable continuation between steps and must not be reused.</summary>
    public bool IsTainted => _scheduler.IsTainted;

    /// <summary>Actions the code scheduled that history does not record yet, in order.</summary>
    public IEnumerable<HistoryEvent> NewActions => _unconfirmedActions.Values;

    /// <summary>Timers the code cancelled; their firing is not needed.</summary>
    public IReadOnlySet<int> CancelledTimers => _cancelledTimers;

    public void UseOrchestrator(OrchestratorInvoker invoker) => _invoker ??= invoker;

    /// <summary>Starts a step: actions reported by the previous step are in history now.</summary>
    public void BeginStep()
    {
        _unconfirmedActions.Clear();
        _cancelledTimers.Clear();
        _scheduler.Unpause();
    }

    /// <summary>Ends a step of an orchestrator that stays cached.</summary>
    public void EndStep() => _scheduler.Pause();

    /// <summary>Applies one event; <paramref name="replaying"/> says whether it comes from recorded history.</summary>
    /// <returns>False when the event changed nothing: a second response to one task, or a cancelled timer firing.</returns>
    /// <exception cref="NonDeterministicOrchestrationException">When the code no longer matches the history.</exception>
    public bool Apply(HistoryEvent historyEvent, bool replaying)
    {
        _isReplaying = replaying;
        bool applied = true;
        switch (historyEvent)
        {
            case ExecutionStartedEvent started:
                _input = started.Input;
                _executionId = started.ExecutionId;
                _currentUtc = started.Timestamp > _currentUtc ? started.Timestamp : _currentUtc;
                Start();
                break;
            case OrchestratorStartedEvent step:
                _currentUtc = step.Timestamp;
                break;
            case TaskScheduledEvent or TimerCreatedEvent or SubOrchestrationInstanceCreatedEvent:
                Confirm(historyEvent);
                break;
            case TaskCompletedEvent completed:
                applied = Resolve(completed.TaskScheduledId, c => c.TrySetResult(completed.Result));
                break;
            case TaskFailedEvent failed:
                applied = Resolve(failed.TaskScheduledId, (c, name) => c.TrySetException(new TaskFailedException(name, failed.TaskScheduledId, failed.FailureDetails)));
                break;
            case SubOrchestrationInstanceCompletedEvent completed:
                applied = Resolve(completed.TaskScheduledId, c => c.TrySetResult(completed.Result));
                break;
            case SubOrchestrationInstanceFailedEvent failed:
                applied = Resolve(failed.TaskScheduledId, (c, name) => c.TrySetException(new TaskFailedException(name, failed.TaskScheduledId, failed.FailureDetails)));
                break;
            case TimerFiredEvent fired:
                // A timer cancelled by the code (it lost a race) is no longer open: its firing changes nothing.
                applied = Resolve(fired.TimerId, c => c.TrySetResult(null));
                break;
            case EventRaisedEvent raised:
                Deliver(raised);
                break;
            default:
                // Suspension, resumption, termination and completion markers do not reach orchestrator code.
                break;
        }

        _scheduler.Drain();
        if (IsFinished)
        {
            _completed = true;
        }

        return applied;
    }

    /// <summary>Ends the step: continuations that arrive later (non-durable awaits) are never run.</summary>
    public void Close() => _scheduler.Close();

    private void Start()
    {
        var invoker = _invoker ?? throw new InvalidOperationException("No orchestrator was given to run.");
        _run = Task.Factory.StartNew(() => invoker(this, _input), CancellationToken.None, TaskCreationOptions.None, _scheduler);
    }

    private void Confirm(HistoryEvent recorded)
    {
        if (!_unconfirmedActions.Remove(recorded.EventId, out var scheduled))
        {
            throw new NonDeterministicOrchestrationException(recorded.EventId, Describe(recorded), "nothing (the code no longer schedules it)");
        }

        bool same = (recorded, scheduled) switch
        {
            (TaskScheduledEvent r, TaskScheduledEvent s) => string.Equals(r.Name, s.Name, StringComparison.OrdinalIgnoreCase),
            (TimerCreatedEvent, TimerCreatedEvent) => true,
            (SubOrchestrationInstanceCreatedEvent r, SubOrchestrationInstanceCreatedEvent s) =>
                string.Equals(r.Name, s.Name, StringComparison.OrdinalIgnoreCase) && r.InstanceId == s.InstanceId,
            _ => false,
        };
        if (!same)
        {
            throw new NonDeterministicOrchestrationException(recorded.EventId, Describe(recorded), Describe(scheduled));
        }
    }

    private static string Describe(HistoryEvent action) => action switch
    {
        TaskScheduledEvent t => $"activity '{t.Name}'",
        TimerCreatedEvent => "a timer",
        SubOrchestrationInstanceCreatedEvent s => $"sub-orchestration '{s.Name}' (instance '{s.InstanceId}')",
        _ => action.EventType,
    };

    private bool Resolve(int taskId, Action<TaskCompletionSource<string?>> complete) =>
        Resolve(taskId, (completion, _) => complete(completion));

    private bool Resolve(int taskId, Action<TaskCompletionSource<string?>, string> complete)
    {
        // Unknown ids are redelivered duplicates or responses to work the code cancelled; they change nothing.
        if (!_openTasks.Remove(taskId, out var open))
        {
            return false;
        }

        complete(open.Completion, open.Name);
        return true;
    }

    private void Deliver(EventRaisedEvent raised)
    {
        if (_eventWaiters.TryGetValue(raised.Name, out var waiters) && waiters.First is { } first)
        {
            waiters.RemoveFirst();
            first.Value.TrySetResult(raised.Input);
        }
        else
        {
            _bufferedEvents.Add(raised);
        }
    }
}
