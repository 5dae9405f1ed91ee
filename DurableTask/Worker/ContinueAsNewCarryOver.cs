using DurableTask.Core;
using DurableTask.Core.Command;
using DurableTask.Core.History;

namespace EduFlows.DurableTask.Worker;

/// <summary>
/// Hands the events a generation carries over to the next one to DurableTask.Core as carry-over history, instead of
/// as messages the instance sends to itself.
/// </summary>
/// <remarks>
/// The SDK's <c>ContinueAsNew</c> re-sends each buffered (unprocessed) event to the instance. Those messages are sent
/// only after the step commits, so an event raised by a client while the step ran reaches the queue first and the
/// next generation sees it ahead of events that were raised before it. DurableTask.Core can instead write carry-over
/// events into the next generation's opening history, which is committed in the same step; turning the self-sent
/// events into those keeps every event in the order it was raised.
/// </remarks>
internal static class ContinueAsNewCarryOver
{
    public static void Apply(OrchestratorExecutionResult? result, string instanceId)
    {
        if (result?.Actions is not { } actions)
        {
            return;
        }

        var list = actions.ToList();
        var continued = list.OfType<OrchestrationCompleteOrchestratorAction>()
            .FirstOrDefault(a => a.OrchestrationStatus == OrchestrationStatus.ContinuedAsNew);
        if (continued is null)
        {
            return;
        }

        // Only messages to this instance with no execution id: those are delivered to whichever generation runs next.
        var toSelf = list.OfType<SendEventOrchestratorAction>()
            .Where(a => a.Instance?.InstanceId == instanceId && string.IsNullOrEmpty(a.Instance.ExecutionId))
            .ToList();
        if (toSelf.Count == 0)
        {
            return;
        }

        // The SDK buffered these before the generation ended; DurableTask.Core's own carry-overs (events that arrived
        // after ContinueAsNew in the same batch) come later, so these go first.
        var carried = toSelf.Select(a => (HistoryEvent)new EventRaisedEvent(-1, a.EventData) { Name = a.EventName }).ToList();
        for (int i = carried.Count - 1; i >= 0; i--)
        {
            continued.CarryoverEvents.Insert(0, carried[i]);
        }

        var moved = new HashSet<OrchestratorAction>(toSelf, ReferenceEqualityComparer.Instance);
        result.Actions = list.Where(a => !moved.Contains(a)).ToList();
    }
}
