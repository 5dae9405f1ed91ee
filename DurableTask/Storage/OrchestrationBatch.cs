using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Extensions.Logging;

namespace EduFlows.DurableTask.Storage;

/// <summary>
/// What of a locked instance's messages the orchestrator gets, and how the dispatcher's result becomes the engine's step.
/// </summary>
/// <remarks>
/// The rules here are the provider's side of the lifecycle: DurableTask.Core runs what it is given, so duplicates,
/// strays and early arrivals are settled before it sees them.
/// </remarks>
internal sealed class OrchestrationBatch
{
    // Redeliveries arrive within one visibility timeout, so the latest few hundred client messages are enough to remember.
    private const int RecentMessageIdCapacity = 200;

    private readonly List<OrchestrationMessage> _outgoing = [];

    private OrchestrationBatch(string instanceId, OrchestrationInstanceState? state)
    {
        InstanceId = instanceId;
        State = state;
    }

    public string InstanceId { get; }

    /// <summary>The stored state at lock time.</summary>
    public OrchestrationInstanceState? State { get; private set; }

    /// <summary>The messages the orchestrator gets, a start first.</summary>
    public List<OrchestrationMessage> Deliver { get; } = [];

    /// <summary>True when the batch starts an execution: the orchestrator runs on an empty history.</summary>
    public bool StartsExecution { get; private set; }

    /// <summary>The history the orchestrator replays.</summary>
    public IReadOnlyList<HistoryEvent> History { get; private set; } = [];

    private List<OrchestrationMessage> Deferred { get; set; } = [];

    private List<string> RecentIds { get; set; } = [];

    private bool StateChanged { get; set; }

    public static OrchestrationBatch Prepare(OrchestrationWorkItem locked, DateTimeOffset now, ILogger logger)
    {
        var batch = new OrchestrationBatch(locked.InstanceId, locked.State)
        {
            History = locked.History,
            Deferred = [.. locked.State?.Deferred ?? []],
            RecentIds = [.. locked.State?.RecentMessageIds ?? []],
        };
        var answered = AnsweredIds(locked.History);
        var queue = new Queue<OrchestrationMessage>(locked.Messages);
        var released = new HashSet<OrchestrationMessage>(ReferenceEqualityComparer.Instance);
        while (queue.TryDequeue(out var message))
        {
            bool fromClient = message.Event is EventRaisedEvent or ExecutionTerminatedEvent or ExecutionSuspendedEvent or ExecutionResumedEvent;
            if (fromClient && !released.Contains(message) && batch.RecentIds.Contains(message.Id))
            {
                ProviderLog.MessageDropped(logger, locked.InstanceId, message.Event.EventType, "already applied");
                continue;
            }

            var state = batch.State;
            if (message.Event is ExecutionStartedEvent started)
            {
                if (batch.StartsExecution && batch.CurrentExecutionId == started.OrchestrationInstance?.ExecutionId)
                {
                    // The same start twice (a start re-sent by recovery): starting again would drop what arrived between.
                    ProviderLog.MessageDropped(logger, locked.InstanceId, message.Event.EventType, "this execution has already started");
                    continue;
                }

                if (batch.CanStart(started))
                {
                    batch.StartsExecution = true;
                    batch.History = [];
                    batch.Deliver.Clear();
                    batch.Deliver.Add(message);
                    answered.Clear();

                    // Messages that waited for the start go right after it, ahead of later arrivals.
                    released.UnionWith(batch.Deferred);
                    queue = new Queue<OrchestrationMessage>([.. batch.Deferred, .. queue]);
                    batch.Deferred.Clear();
                    batch.StateChanged = true;
                }
                else
                {
                    ProviderLog.MessageDropped(logger, locked.InstanceId, message.Event.EventType, "the instance is already active, or finished with this execution");
                    if (started.ParentInstance is { } parent && state is not null && state.ExecutionId != started.OrchestrationInstance?.ExecutionId)
                    {
                        batch._outgoing.Add(ToParent(parent, new SubOrchestrationInstanceFailedEvent(
                            -1, parent.TaskScheduleId, $"Instance '{locked.InstanceId}' is already {state.Status}.", null,
                            new FailureDetails("DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException", $"Instance '{locked.InstanceId}' is already {state.Status}.", null, null, false))
                        { Timestamp = now.UtcDateTime }));
                    }
                }

                continue;
            }

            if (!batch.StartsExecution && (state is null || state.Status.IsTerminal()))
            {
                // Responses to a finished execution, and events for instances that do not exist.
                ProviderLog.MessageDropped(logger, locked.InstanceId, message.Event.EventType, state is null ? "no such instance" : "the instance has finished");
                continue;
            }

            if (!batch.StartsExecution && state!.Status == OrchestrationStatus.Pending)
            {
                if (message.Event is ExecutionTerminatedEvent terminated)
                {
                    // Ended before it began: nothing runs, and the start that arrives later is dropped as for any finished instance.
                    batch.State = state with
                    {
                        Status = OrchestrationStatus.Terminated,
                        Output = terminated.Input,
                        LastUpdatedAt = now,
                        CompletedAt = now,
                    };
                    batch.Deferred.Clear();
                    batch.StateChanged = true;
                }
                else
                {
                    batch.Deferred.Add(message);
                    batch.StateChanged = true;
                }

                Remember(batch, message, fromClient, released);
                continue;
            }

            if (message.ExecutionId is { Length: > 0 } executionId && !fromClient && executionId != batch.CurrentExecutionId)
            {
                ProviderLog.MessageDropped(logger, locked.InstanceId, message.Event.EventType, "it answers an earlier execution");
                continue;
            }

            if (AnsweredId(message.Event) is { } id && !answered.Add(id))
            {
                // A redelivered or duplicated response: the task already has its answer in history.
                ProviderLog.MessageDropped(logger, locked.InstanceId, message.Event.EventType, "its task is already answered");
                continue;
            }

            batch.Deliver.Add(message);
            Remember(batch, message, fromClient, released);
        }

        if (batch.RecentIds.Count > RecentMessageIdCapacity)
        {
            batch.RecentIds.RemoveRange(0, batch.RecentIds.Count - RecentMessageIdCapacity);
        }

        return batch;
    }

    private string? CurrentExecutionId => StartsExecution
        ? (Deliver[0].Event as ExecutionStartedEvent)?.OrchestrationInstance?.ExecutionId
        : State?.ExecutionId;

    /// <summary>The runtime state DurableTask.Core replays.</summary>
    public OrchestrationRuntimeState RuntimeState() => StartsExecution ? new OrchestrationRuntimeState() : new OrchestrationRuntimeState([.. History]);

    /// <summary>The messages as DurableTask.Core's task messages.</summary>
    public List<TaskMessage> TaskMessages() => [.. Deliver.Select(m => new TaskMessage
    {
        Event = m.Event,
        OrchestrationInstance = new OrchestrationInstance { InstanceId = m.InstanceId, ExecutionId = m.ExecutionId },
    })];

    /// <summary>The step for a batch that runs nothing: held-back messages, dropped duplicates, a pending instance terminated.</summary>
    public OrchestrationStep WithoutExecution(DateTimeOffset now)
    {
        if (State is null || !StateChanged)
        {
            // Nothing applied: write nothing, so a purge or a new start committed meanwhile is not undone.
            return new OrchestrationStep(null, [], false, [], _outgoing);
        }

        return new OrchestrationStep(State with { LastUpdatedAt = now, Deferred = Deferred, RecentMessageIds = RecentIds }, [], false, [], _outgoing);
    }

    /// <summary>Turns the dispatcher's result into one step: state, new history, activity calls and messages together.</summary>
    public OrchestrationStep ToStep(
        OrchestrationRuntimeState runtime,
        IList<TaskMessage> activityMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage? continuedAsNewMessage,
        OrchestrationState? orchestrationState,
        DateTimeOffset now)
    {
        string executionId = runtime.OrchestrationInstance?.ExecutionId ?? State?.ExecutionId ?? string.Empty;
        bool newExecution = StartsExecution || (State is not null && executionId != State.ExecutionId);
        var newEvents = runtime.NewEvents.ToList();
        foreach (var e in newEvents)
        {
            // Times in history follow the app's clock; a step's start time is already set, and replay depends on it.
            if (e is not (OrchestratorStartedEvent or ExecutionStartedEvent))
            {
                e.Timestamp = now.UtcDateTime;
            }
        }

        var activities = activityMessages.Select(m =>
        {
            var scheduled = (TaskScheduledEvent)m.Event;
            return new ActivityRequest(OrchestrationIds.NewId(), InstanceId, m.OrchestrationInstance?.ExecutionId ?? executionId, scheduled.EventId, scheduled.Name ?? string.Empty, scheduled.Input);
        }).ToList();

        var messages = new List<OrchestrationMessage>(_outgoing);
        foreach (var m in orchestratorMessages)
        {
            m.Event.Timestamp = now.UtcDateTime;
            messages.Add(new OrchestrationMessage(OrchestrationIds.NewId(), m.OrchestrationInstance.InstanceId, NullIfEmpty(m.OrchestrationInstance.ExecutionId), m.Event));
        }

        foreach (var m in timerMessages)
        {
            var fired = (TimerFiredEvent)m.Event;
            var fireAt = new DateTimeOffset(DateTime.SpecifyKind(fired.FireAt, DateTimeKind.Utc));
            messages.Add(new OrchestrationMessage(OrchestrationIds.NewId(), InstanceId, executionId, fired, fireAt));
        }

        if (continuedAsNewMessage is not null)
        {
            messages.Add(new OrchestrationMessage(OrchestrationIds.NewId(), InstanceId, null, continuedAsNewMessage.Event));
        }

        var started = runtime.ExecutionStartedEvent;
        var status = orchestrationState?.OrchestrationStatus ?? runtime.OrchestrationStatus;
        // A pending instance, a continued one and a running one keep their creation time; a finished id started again is new.
        DateTimeOffset createdAt = State is { } prior && !(StartsExecution && prior.Status.IsTerminal())
            ? prior.CreatedAt
            : started is null ? now : new DateTimeOffset(DateTime.SpecifyKind(started.Timestamp, DateTimeKind.Utc));
        var state = new OrchestrationInstanceState
        {
            InstanceId = InstanceId,
            Name = started?.Name ?? State?.Name ?? string.Empty,
            Version = started?.Version,
            ExecutionId = executionId,
            Status = status,
            CreatedAt = createdAt,
            LastUpdatedAt = now,
            CompletedAt = status.IsTerminal() ? now : null,
            ScheduledStartAt = started?.ScheduledStartTime is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null,
            Input = started?.Input,
            Output = status.IsTerminal() ? orchestrationState?.Output ?? runtime.Output : null,
            CustomStatus = orchestrationState?.Status ?? runtime.Status,
            FailureDetails = status == OrchestrationStatus.Failed ? orchestrationState?.FailureDetails ?? runtime.FailureDetails : null,
            Parent = started?.ParentInstance,
            Tags = started?.Tags,
            Deferred = Deferred,
            RecentMessageIds = RecentIds,
        };

        return new OrchestrationStep(state, newEvents, newExecution, activities, messages);
    }

    private bool CanStart(ExecutionStartedEvent started)
    {
        string? executionId = started.OrchestrationInstance?.ExecutionId;
        return State switch
        {
            null => true,
            { Status: OrchestrationStatus.Pending } => State.ExecutionId == executionId,
            _ when State.Status.IsTerminal() => State.ExecutionId != executionId,
            _ => false,
        };
    }

    private static void Remember(OrchestrationBatch batch, OrchestrationMessage message, bool fromClient, HashSet<OrchestrationMessage> released)
    {
        if (fromClient && !released.Contains(message))
        {
            batch.RecentIds.Add(message.Id);
            batch.StateChanged = true;
        }
    }

    private static OrchestrationMessage ToParent(ParentInstance parent, HistoryEvent response) =>
        new(OrchestrationIds.NewId(), parent.OrchestrationInstance.InstanceId, parent.OrchestrationInstance.ExecutionId, response);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    // A response names the task it answers; a task answered once stays answered.
    private static (EventType Kind, int Id)? AnsweredId(HistoryEvent e) => e switch
    {
        TaskCompletedEvent c => (EventType.TaskScheduled, c.TaskScheduledId),
        TaskFailedEvent f => (EventType.TaskScheduled, f.TaskScheduledId),
        SubOrchestrationInstanceCompletedEvent c => (EventType.SubOrchestrationInstanceCreated, c.TaskScheduledId),
        SubOrchestrationInstanceFailedEvent f => (EventType.SubOrchestrationInstanceCreated, f.TaskScheduledId),
        TimerFiredEvent t => (EventType.TimerCreated, t.TimerId),
        _ => null,
    };

    private static HashSet<(EventType Kind, int Id)> AnsweredIds(IEnumerable<HistoryEvent> history)
    {
        var ids = new HashSet<(EventType, int)>();
        foreach (var e in history)
        {
            if (AnsweredId(e) is { } id)
            {
                ids.Add(id);
            }
        }

        return ids;
    }
}
