using EduFlows.Durable.History;

namespace EduFlows.Durable.Worker;

/// <summary>What one step of an orchestrator produced.</summary>
/// <param name="NewEvents">Events to append to history, in order (step marker, applied events, new actions, completion).</param>
/// <param name="NewActions">The work the code scheduled in this step (activity calls, timers, sub-orchestrations).</param>
/// <param name="CancelledTimers">Timer ids the code cancelled; a new timer among them need not be sent.</param>
/// <param name="Completion">Set when the execution ended (Completed, Failed or ContinuedAsNew).</param>
/// <param name="Output">The serialized output of a completed execution.</param>
/// <param name="Failure">Why the execution failed.</param>
/// <param name="ContinueAsNewInput">The next generation's input.</param>
/// <param name="CarryoverEvents">Unconsumed events carried to the next generation.</param>
/// <param name="CustomStatus">The serialized custom status after the step.</param>
internal sealed record OrchestrationExecutionResult(
    IReadOnlyList<HistoryEvent> NewEvents,
    IReadOnlyList<HistoryEvent> NewActions,
    IReadOnlySet<int> CancelledTimers,
    OrchestrationRuntimeStatus? Completion,
    string? Output,
    TaskFailureDetails? Failure,
    string? ContinueAsNewInput,
    IReadOnlyList<EventRaisedEvent> CarryoverEvents,
    string? CustomStatus);
