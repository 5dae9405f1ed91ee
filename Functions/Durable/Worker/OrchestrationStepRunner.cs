using EduFlows.Durable.Backend;
using EduFlows.Durable.History;
using Microsoft.Extensions.Logging;

namespace EduFlows.Durable.Worker;

/// <summary>Turns a locked instance and its new messages into one committed step: lifecycle rules, replay, outgoing messages.</summary>
internal sealed class OrchestrationStepRunner(
    DurableTaskRegistry registry,
    IServiceProvider services,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    OrchestrationSessionCache sessions)
{
    // Redeliveries arrive within one visibility timeout, so the latest few hundred client messages are enough to remember.
    private const int RecentMessageIdCapacity = 200;

    private readonly ILogger _logger = loggerFactory.CreateLogger<OrchestrationStepRunner>();

    public OrchestrationStep Run(OrchestrationWorkItem workItem)
    {
        var now = time.GetUtcNow();
        var state = workItem.State;
        IReadOnlyList<HistoryEvent> past = workItem.History;
        bool replacesHistory = false;
        bool changed = false;
        var appended = new List<HistoryEvent>();
        var toApply = new List<HistoryEvent>();
        var deferred = new List<OrchestrationMessage>(state?.Deferred ?? []);
        var outgoing = new List<OrchestrationMessage>();
        var activities = new List<ActivityRequest>();
        var queue = new Queue<OrchestrationMessage>(workItem.Messages);
        var recentIds = new List<string>(state?.RecentMessageIds ?? []);
        var released = new HashSet<OrchestrationMessage>(ReferenceEqualityComparer.Instance);

        while (queue.TryDequeue(out var message))
        {
            bool fromClient = message.Event is EventRaisedEvent or ExecutionTerminatedEvent or ExecutionSuspendedEvent or ExecutionResumedEvent;
            if (fromClient && !released.Contains(message) && recentIds.Contains(message.Id))
            {
                // Client messages may be redelivered after a crash; responses are deduplicated by task id in the executor.
                Log.MessageDropped(_logger, workItem.InstanceId, message.Event.EventType);
                continue;
            }

            bool accepted = true;
            switch (message.Event)
            {
                case ExecutionStartedEvent started when CanStart(state, message, started):
                    state = new OrchestrationInstanceState
                    {
                        InstanceId = workItem.InstanceId,
                        Name = started.Name,
                        ExecutionId = started.ExecutionId,
                        Status = OrchestrationRuntimeStatus.Running,
                        CreatedAt = state is { Status: OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.ContinuedAsNew } ? state.CreatedAt : now,
                        LastUpdatedAt = now,
                        ScheduledStartAt = started.ScheduledStartTime,
                        Input = started.Input,
                        Parent = started.Parent,
                    };
                    past = [];
                    replacesHistory = true;
                    appended.Clear();
                    toApply = [started];

                    // Messages held while the instance was pending (or between generations) apply right after the start.
                    queue = Release(deferred, queue, released);
                    break;

                case ExecutionStartedEvent started:
                    accepted = false;
                    Log.StartDropped(_logger, workItem.InstanceId, state?.Status);
                    if (started.Parent is { } parent && state is not null && state.ExecutionId != started.ExecutionId)
                    {
                        outgoing.Add(ToParent(parent, new SubOrchestrationInstanceFailedEvent(now, parent.TaskScheduledId,
                            new TaskFailureDetails(typeof(OrchestrationAlreadyExistsException).FullName!, $"Instance '{workItem.InstanceId}' is already {state.Status}."))));
                    }

                    break;

                case ExecutionTerminatedEvent terminated when state is not null && state.Status.IsActive():
                    appended.AddRange(toApply);
                    appended.Add(terminated);
                    toApply.Clear();
                    deferred.Clear();
                    state = state with { Status = OrchestrationRuntimeStatus.Terminated, Output = DataConverter.Serialize(terminated.Reason), FailureDetails = null };
                    sessions.Drop(workItem.InstanceId);
                    if (state.Parent is { } terminatedParent)
                    {
                        outgoing.Add(ToParent(terminatedParent, new SubOrchestrationInstanceFailedEvent(now, terminatedParent.TaskScheduledId,
                            new TaskFailureDetails("Terminated", $"Sub-orchestration '{workItem.InstanceId}' was terminated: {terminated.Reason}"))));
                    }

                    break;

                case ExecutionSuspendedEvent or ExecutionResumedEvent when state is { Status: OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.ContinuedAsNew }:
                    // Not started yet (or between generations): the request applies to the execution that is about to run.
                    deferred.Add(message);
                    break;

                case ExecutionSuspendedEvent suspended when state is { Status: OrchestrationRuntimeStatus.Running }:
                    state = state with { Status = OrchestrationRuntimeStatus.Suspended };
                    toApply.Add(suspended);
                    break;

                case ExecutionResumedEvent resumed when state is { Status: OrchestrationRuntimeStatus.Suspended }:
                    state = state with { Status = OrchestrationRuntimeStatus.Running };
                    toApply.Add(resumed);
                    queue = Release(deferred, queue, released);
                    break;

                case ExecutionTerminatedEvent or ExecutionSuspendedEvent or ExecutionResumedEvent:
                    accepted = false;
                    break;

                default:
                    if (state is null || state.Status.IsTerminal()
                        || (message.ExecutionId is not null && message.ExecutionId != state.ExecutionId))
                    {
                        // Responses to a finished or earlier execution, and events for instances that do not exist.
                        accepted = false;
                        Log.MessageDropped(_logger, workItem.InstanceId, message.Event.EventType);
                    }
                    else if (state.Status is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended or OrchestrationRuntimeStatus.ContinuedAsNew)
                    {
                        deferred.Add(message);
                    }
                    else
                    {
                        toApply.Add(message.Event);
                    }

                    break;
            }

            changed |= accepted;
            if (accepted && fromClient && !released.Contains(message))
            {
                recentIds.Add(message.Id);
            }
        }

        if (state is null || !changed)
        {
            // Nothing applied: write nothing, so a purge or a new start committed meanwhile is not undone.
            return new OrchestrationStep(null, [], false, [], outgoing);
        }

        if (toApply.Exists(e => e is not (ExecutionSuspendedEvent or ExecutionResumedEvent)))
        {
            (state, var carried) = Execute(state, past, toApply, appended, activities, outgoing, now);
            deferred.InsertRange(0, carried);
        }
        else
        {
            appended.AddRange(toApply);
        }

        if (recentIds.Count > RecentMessageIdCapacity)
        {
            recentIds.RemoveRange(0, recentIds.Count - RecentMessageIdCapacity);
        }

        state = state with { LastUpdatedAt = now, Deferred = deferred, RecentMessageIds = recentIds };
        return new OrchestrationStep(state, appended, replacesHistory, activities, outgoing);
    }

    private static bool CanStart(OrchestrationInstanceState? state, OrchestrationMessage message, ExecutionStartedEvent started)
    {
        if (message.ExecutionId is { } from && from != started.ExecutionId)
        {
            // The next generation of a continue-as-new: only from the generation that asked for it, and only if nothing ended it since.
            return state is { Status: OrchestrationRuntimeStatus.ContinuedAsNew } && state.ExecutionId == from;
        }

        return state switch
        {
            null => true,
            { Status: OrchestrationRuntimeStatus.Pending } => state.ExecutionId == started.ExecutionId,
            _ when state.Status.IsTerminal() => state.ExecutionId != started.ExecutionId,
            _ => false,
        };
    }

    // Held messages were deduplicated when they first arrived; they go ahead of later arrivals.
    private static Queue<OrchestrationMessage> Release(List<OrchestrationMessage> deferred, Queue<OrchestrationMessage> queue, HashSet<OrchestrationMessage> released)
    {
        released.UnionWith(deferred);
        var merged = new Queue<OrchestrationMessage>([.. deferred, .. queue]);
        deferred.Clear();
        return merged;
    }

    private static OrchestrationMessage ToParent(ParentInstance parent, HistoryEvent response) =>
        new(NewId(), parent.InstanceId, parent.ExecutionId, response);

    private static string NewId() => Guid.NewGuid().ToString("N");

    private (OrchestrationInstanceState State, List<OrchestrationMessage> Carried) Execute(
        OrchestrationInstanceState state,
        IReadOnlyList<HistoryEvent> past,
        List<HistoryEvent> toApply,
        List<HistoryEvent> appended,
        List<ActivityRequest> activities,
        List<OrchestrationMessage> outgoing,
        DateTimeOffset now)
    {
        string instanceId = state.InstanceId;
        var session = sessions.Take(instanceId, state.ExecutionId, past);
        registry.TryGetOrchestrator(state.Name, services, out var orchestrator);
        var result = OrchestrationExecutor.Execute(
            state.Name, instanceId, orchestrator, past, toApply, now, loggerFactory, session, out var resumable);
        appended.AddRange(result.NewEvents);
        if (resumable is not null)
        {
            sessions.Put(instanceId, state.ExecutionId, past.Count + result.NewEvents.Count, result.NewEvents[^1], resumable);
        }

        foreach (var action in result.NewActions)
        {
            switch (action)
            {
                case TaskScheduledEvent task:
                    activities.Add(new ActivityRequest(NewId(), instanceId, state.ExecutionId, task.EventId, task.Name, task.Input));
                    break;
                case TimerCreatedEvent timer when !result.CancelledTimers.Contains(timer.EventId):
                    outgoing.Add(new OrchestrationMessage(NewId(), instanceId, state.ExecutionId, new TimerFiredEvent(timer.FireAt, timer.EventId, timer.FireAt), timer.FireAt));
                    break;
                case SubOrchestrationInstanceCreatedEvent sub:
                    var parent = new ParentInstance(instanceId, state.ExecutionId, sub.EventId, state.Name);
                    outgoing.Add(new OrchestrationMessage(NewId(), sub.InstanceId, null, new ExecutionStartedEvent(now, sub.Name, NewId(), sub.Input, parent)));
                    break;
            }
        }

        state = state with { CustomStatus = result.CustomStatus };
        switch (result.Completion)
        {
            case OrchestrationRuntimeStatus.Completed:
                state = state with { Status = OrchestrationRuntimeStatus.Completed, Output = result.Output };
                if (state.Parent is { } parent)
                {
                    outgoing.Add(ToParent(parent, new SubOrchestrationInstanceCompletedEvent(now, parent.TaskScheduledId, result.Output)));
                }

                break;
            case OrchestrationRuntimeStatus.Failed:
                state = state with { Status = OrchestrationRuntimeStatus.Failed, FailureDetails = result.Failure };
                Log.OrchestrationFailed(_logger, instanceId, result.Failure);
                if (state.Parent is { } failedParent)
                {
                    outgoing.Add(ToParent(failedParent, new SubOrchestrationInstanceFailedEvent(now, failedParent.TaskScheduledId, result.Failure!)));
                }

                break;
            case OrchestrationRuntimeStatus.ContinuedAsNew:
                state = state with { Status = OrchestrationRuntimeStatus.ContinuedAsNew };

                // The start names the generation it continues; carried events wait in the state, ahead of later arrivals.
                outgoing.Add(new OrchestrationMessage(NewId(), instanceId, state.ExecutionId, new ExecutionStartedEvent(now, state.Name, NewId(), result.ContinueAsNewInput, state.Parent)));
                return (state, [.. result.CarryoverEvents.Select(e => new OrchestrationMessage(NewId(), instanceId, null, e))]);
        }

        return (state, []);
    }
}
