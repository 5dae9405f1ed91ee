using EduFlows.Durable.History;
using Microsoft.Extensions.Logging;

namespace EduFlows.Durable.Worker;

/// <summary>Runs one step of an orchestrator: replays its history, applies the new events, and reports what it did.</summary>
/// <remarks>Pure with respect to storage: the caller turns the result into a committed step.</remarks>
internal static class OrchestrationExecutor
{
    public static OrchestrationExecutionResult Execute(
        string name,
        string instanceId,
        OrchestratorInvoker? orchestrator,
        IReadOnlyList<HistoryEvent> pastEvents,
        IReadOnlyList<HistoryEvent> newEvents,
        DateTimeOffset now,
        ILoggerFactory loggerFactory,
        ReplayOrchestrationContext? session,
        out ReplayOrchestrationContext? resumable)
    {
        resumable = null;
        var appended = new List<HistoryEvent>(newEvents.Count + 4) { new OrchestratorStartedEvent(now) };
        if (orchestrator is null)
        {
            appended.AddRange(newEvents);
            return Failed(appended, now, new TaskFailureDetails("OrchestratorNotFound", $"No orchestrator named '{name}' is registered on this worker."), null);
        }

        // A session is the live orchestrator from the previous step of this instance: no replay is needed.
        var context = session ?? new ReplayOrchestrationContext(name, instanceId, loggerFactory);
        context.UseOrchestrator(orchestrator);
        context.BeginStep();
        bool keep = false;

        // Continuations must come back to the orchestration scheduler, not to a caller's synchronization context.
        var callerContext = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            if (session is null)
            {
                foreach (var recorded in pastEvents)
                {
                    context.Apply(recorded, replaying: true);
                }
            }

            context.Apply(appended[0], replaying: false);
            var lateEvents = new List<EventRaisedEvent>();
            foreach (var arrived in newEvents)
            {
                if (context.IsFinished)
                {
                    // Arrived in the same batch after the code returned: kept for a continue-as-new to carry over.
                    appended.Add(arrived);
                    if (arrived is EventRaisedEvent raised)
                    {
                        lateEvents.Add(raised);
                    }
                }
                else if (context.Apply(arrived, replaying: false))
                {
                    // A response that resolves nothing (a redelivered duplicate) stays out of history: each result is applied once.
                    appended.Add(arrived);
                }
            }

            var actions = context.NewActions.ToList();
            appended.AddRange(actions);
            var result = Conclude(context, appended, actions, lateEvents, now);
            keep = result.Completion is null;
            if (keep)
            {
                context.EndStep();
                resumable = context;
            }

            return result;
        }
        catch (NonDeterministicOrchestrationException ex)
        {
            return Failed(appended, now, TaskFailureDetails.FromException(ex), context.CustomStatus);
        }
        finally
        {
            if (!keep)
            {
                context.Close();
            }

            SynchronizationContext.SetSynchronizationContext(callerContext);
        }
    }

    private static OrchestrationExecutionResult Conclude(
        ReplayOrchestrationContext context, List<HistoryEvent> appended, List<HistoryEvent> actions, List<EventRaisedEvent> lateEvents, DateTimeOffset now)
    {
        if (context.Outcome is not { } outcome)
        {
            if (context.OpenDurableTaskCount > 0)
            {
                return new OrchestrationExecutionResult(appended, actions, context.CancelledTimers, null, null, null, null, [], context.CustomStatus);
            }

            // Nothing durable is pending, yet the code has not returned: it awaits something the runtime cannot see.
            var hang = new InvalidOperationException(
                $"Orchestrator '{context.Name}' awaited a task that is not durable (Task.Delay, I/O, Task.Run, ...). " +
                "Orchestrators may await only tasks from the context: CallActivityAsync, CreateTimer, WaitForExternalEvent, CallSubOrchestratorAsync.");
            return Failed(appended, now, TaskFailureDetails.FromException(hang), context.CustomStatus);
        }

        if (!outcome.IsCompletedSuccessfully)
        {
            Exception error = outcome.Exception?.InnerException ?? new TaskCanceledException("The orchestrator's task was cancelled.");
            return Failed(appended, now, TaskFailureDetails.FromException(error), context.CustomStatus);
        }

        if (context.ContinueAsNewRequested)
        {
            appended.Add(new ExecutionCompletedEvent(now, OrchestrationRuntimeStatus.ContinuedAsNew, context.ContinueAsNewInput, null));
            return new OrchestrationExecutionResult(
                appended, actions, context.CancelledTimers, OrchestrationRuntimeStatus.ContinuedAsNew, null, null,
                context.ContinueAsNewInput, context.PreservesUnprocessedEvents ? [.. context.UnconsumedEvents, .. lateEvents] : [], context.CustomStatus);
        }

        string? output = ((Task<string?>)outcome).Result;
        appended.Add(new ExecutionCompletedEvent(now, OrchestrationRuntimeStatus.Completed, output, null));
        return new OrchestrationExecutionResult(appended, actions, context.CancelledTimers, OrchestrationRuntimeStatus.Completed, output, null, null, [], context.CustomStatus);
    }

    private static OrchestrationExecutionResult Failed(List<HistoryEvent> appended, DateTimeOffset now, TaskFailureDetails failure, string? customStatus)
    {
        appended.Add(new ExecutionCompletedEvent(now, OrchestrationRuntimeStatus.Failed, null, failure));
        return new OrchestrationExecutionResult(appended, [], new HashSet<int>(), OrchestrationRuntimeStatus.Failed, null, failure, null, [], customStatus);
    }
}
