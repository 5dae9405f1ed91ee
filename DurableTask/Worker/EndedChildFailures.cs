using DurableTask.Core;
using DurableTask.Core.History;

namespace EduFlows.DurableTask.Worker;

/// <summary>
/// Gives a sub-orchestration that was terminated (not failed) the failure details the SDK needs to report it.
/// </summary>
/// <remarks>
/// DurableTask.Core tells the parent of a terminated child with a SubOrchestrationInstanceFailed event that carries
/// only a reason; the SDK then cannot build its <c>TaskFailedException</c> and the parent fails instead of letting
/// its code catch the child's end. The event is swapped for one with details before the step runs; every step,
/// replay included, sees the same details, so the fix is deterministic on either storage provider.
/// </remarks>
internal static class EndedChildFailures
{
    /// <summary>The error type a parent sees for a child that was terminated.</summary>
    public const string TerminatedType = "DurableTask.Core.Exceptions.OrchestrationTerminated";

    public static void Fill(OrchestrationRuntimeState runtime)
    {
        var bare = runtime.Events.OfType<SubOrchestrationInstanceFailedEvent>().Where(e => e.FailureDetails is null).ToList();
        foreach (var failed in bare)
        {
            var filled = new SubOrchestrationInstanceFailedEvent(
                failed.EventId,
                failed.TaskScheduledId,
                failed.Reason,
                failed.Details,
                new FailureDetails(
                    TerminatedType,
                    string.IsNullOrEmpty(failed.Reason) ? "The sub-orchestration was terminated." : $"The sub-orchestration was terminated: {failed.Reason}",
                    failed.Details,
                    innerFailure: null,
                    isNonRetriable: true))
            {
                Timestamp = failed.Timestamp,
                IsPlayed = failed.IsPlayed,
            };

            // The same event object stands in the whole history and in its past or new part.
            Replace(runtime.Events, failed, filled);
            Replace(runtime.PastEvents, failed, filled);
            Replace(runtime.NewEvents, failed, filled);
        }
    }

    private static void Replace(IList<HistoryEvent> events, HistoryEvent old, HistoryEvent replacement)
    {
        for (int i = 0; i < events.Count; i++)
        {
            if (ReferenceEquals(events[i], old))
            {
                events[i] = replacement;
            }
        }
    }
}
