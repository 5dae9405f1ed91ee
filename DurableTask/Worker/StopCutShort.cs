using DurableTask.Core;
using DurableTask.Core.Command;

namespace EduFlows.DurableTask.Worker;

/// <summary>
/// Failures a worker's stop may have caused rather than the work itself: a service disposed under it
/// (<see cref="ObjectDisposedException"/>) or a wait given up as the host stops (<see cref="OperationCanceledException"/>).
/// </summary>
/// <remarks>
/// Only these are handed back while the host stops. Any other failure is the work's own (a refusal, a bug) and is
/// recorded as it would be at any other time: handed back, it would be redone at once by the same still-running worker,
/// over and over until the stop, and an activity call would end in the poison table with its real error lost.
/// </remarks>
internal static class StopCutShort
{
    private static readonly string[] StopErrorTypes =
    [
        typeof(ObjectDisposedException).FullName!,
        typeof(OperationCanceledException).FullName!,
        typeof(TaskCanceledException).FullName!,
    ];

    /// <summary>Whether <paramref name="exception"/>, or one it wraps, is a failure a stop causes.</summary>
    public static bool ByTheStop(Exception? exception) => exception switch
    {
        null => false,
        ObjectDisposedException or OperationCanceledException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(ByTheStop),
        _ => ByTheStop(exception.InnerException),
    };

    /// <summary>
    /// The failure (type and message) with which <paramref name="result"/> ends its instance, when that failure is one a
    /// stop causes; <see langword="null"/> when the step does not fail its instance, or fails it for its own reasons.
    /// </summary>
    public static string? Failed(OrchestratorExecutionResult? result) =>
        result?.Actions?.OfType<OrchestrationCompleteOrchestratorAction>().FirstOrDefault(a => a.OrchestrationStatus == OrchestrationStatus.Failed) is { } failed
        && FailedByTheStop(failed.FailureDetails)
            ? $"{failed.FailureDetails!.ErrorType}: {failed.FailureDetails.ErrorMessage}"
            : null;

    private static bool FailedByTheStop(FailureDetails? details) =>
        details is not null && (StopErrorTypes.Contains(details.ErrorType, StringComparer.Ordinal) || FailedByTheStop(details.InnerFailure));
}
