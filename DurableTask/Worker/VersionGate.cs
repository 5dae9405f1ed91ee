using DurableTask.Core;
using DurableTask.Core.Command;
using Microsoft.DurableTask.Abstractions;
using Microsoft.DurableTask.Worker;
using static Microsoft.DurableTask.Worker.DurableTaskWorkerOptions;

namespace EduFlows.DurableTask.Worker;

/// <summary>
/// The SDK's worker versioning (<see cref="DurableTaskWorkerOptions.Versioning"/>), which its gRPC worker applies and
/// DurableTask.Core's dispatcher does not: an instance whose version the match strategy refuses is left untouched
/// (<see cref="VersionFailureStrategy.Reject"/>, retried until a worker of its version takes it) or failed
/// (<see cref="VersionFailureStrategy.Fail"/>), as Durable Functions does with <c>host.json</c>'s versioning settings.
/// </summary>
internal static class VersionGate
{
    /// <summary>The error type of an instance failed for its version, as the SDK's worker names it.</summary>
    public const string MismatchErrorType = "VersionMismatch";

    /// <summary>Why this worker may not run an instance of <paramref name="instanceVersion"/>; <see langword="null"/> when it may.</summary>
    public static string? Refusal(VersioningOptions? versioning, string name, string? instanceVersion)
    {
        if (versioning is null || versioning.MatchStrategy == VersionMatchStrategy.None)
        {
            return null;
        }

        string mine = versioning.Version ?? string.Empty;
        string theirs = instanceVersion ?? string.Empty;
        int order = TaskOrchestrationVersioningUtils.CompareVersions(theirs, mine);
        bool fits = versioning.MatchStrategy == VersionMatchStrategy.Strict ? order == 0 : order <= 0;
        return fits
            ? null
            : $"编排 {name} 的实例版本为 {Shown(theirs)}，本工作进程版本为 {Shown(mine)}，按 {versioning.MatchStrategy} 规则不能运行。" +
              $" Orchestration '{name}' version '{theirs}' does not match worker version '{mine}' ({versioning.MatchStrategy}).";
    }

    /// <summary>The step's result that fails the instance for its version, without running the orchestrator.</summary>
    public static OrchestratorExecutionResult Failure(string message) => new()
    {
        Actions =
        [
            new OrchestrationCompleteOrchestratorAction
            {
                OrchestrationStatus = OrchestrationStatus.Failed,
                Result = message,
                FailureDetails = new FailureDetails(MismatchErrorType, message, stackTrace: null, innerFailure: null, isNonRetriable: true),
            },
        ],
    };

    private static string Shown(string version) => version.Length == 0 ? "（无版本）" : version;
}

/// <summary>Thrown so that DurableTask.Core abandons a work item a <see cref="VersionFailureStrategy.Reject"/> worker must not run.</summary>
/// <param name="message">Why, naming both versions.</param>
internal sealed class VersionRejectedException(string message) : Exception(message);
