using DurableTask.Core;
using DurableTask.Core.Command;

namespace EduFlows.DurableTask.Worker;

/// <summary>What a step did that a worker's stop may have caused instead of the orchestrator: failing its instance.</summary>
internal static class StopCutShort
{
    /// <summary>The failure (type and message) with which <paramref name="result"/> ends its instance; <see langword="null"/> when it does not fail it.</summary>
    public static string? Failed(OrchestratorExecutionResult? result) =>
        result?.Actions?.OfType<OrchestrationCompleteOrchestratorAction>().FirstOrDefault(a => a.OrchestrationStatus == OrchestrationStatus.Failed) is { } failed
            ? failed.FailureDetails is { } details ? $"{details.ErrorType}: {details.ErrorMessage}" : failed.Result ?? "no details"
            : null;
}
