using DurableTask.Core;
using DurableTask.Core.Command;

namespace EduFlows.DurableTask.Worker.NonDurableAwait;

/// <summary>Fails an instance whose step ends with its orchestrator waiting on something no durable event can resume.</summary>
/// <remarks>
/// The SDK 1.28 shim does not notice an await of a non-durable task: the step ends with no actions and the instance
/// stays Running forever, or the code resumes off the orchestrator thread and races the executor. Azure Functions'
/// Durable extension fails such an orchestration ("multithreaded execution was detected"); this does the same, naming
/// the orchestrator and what to use instead.
/// </remarks>
internal static class NonDurableAwaitCheck
{
    public static void Apply(OrchestratorExecutionResult? result, OrchestrationRuntimeState runtime, string orchestratorName, DurableWork work)
    {
        if (result is null)
        {
            return;
        }

        var actions = result.Actions?.ToList() ?? [];
        if (actions.OfType<OrchestrationCompleteOrchestratorAction>().Any() || !work.IsBlockedOnNonDurableWork)
        {
            return;
        }

        string message =
            $"Orchestrator '{orchestratorName}' awaited a task that is not durable (such as Task.Delay, Task.Run or I/O), so its history can never resume it. " +
            "An orchestrator may await only tasks from its TaskOrchestrationContext: activities, sub-orchestrations, timers (CreateTimer instead of Task.Delay) and external events.";
        int lastId = actions.Select(a => a.Id).Concat(runtime.Events.Select(e => e.EventId)).DefaultIfEmpty(-1).Max();
        actions.Add(new OrchestrationCompleteOrchestratorAction
        {
            Id = lastId + 1,
            OrchestrationStatus = OrchestrationStatus.Failed,
            Result = message,
            FailureDetails = new FailureDetails(typeof(InvalidOperationException).FullName!, message, stackTrace: null, innerFailure: null, isNonRetriable: true),
        });
        result.Actions = actions;
    }
}
