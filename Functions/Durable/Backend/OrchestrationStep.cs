using EduFlows.Durable.History;

namespace EduFlows.Durable.Backend;

/// <summary>What one step of an instance commits: new state and history, and the messages it sends, all or nothing.</summary>
/// <param name="State">The new state; <see langword="null"/> when the step only discarded messages for a missing instance.</param>
/// <param name="NewEvents">Events appended to the history.</param>
/// <param name="ReplacesHistory">True when <paramref name="NewEvents"/> replace the history (a new execution).</param>
/// <param name="ActivityRequests">Activity calls to queue.</param>
/// <param name="OrchestrationMessages">Messages to instances (this one included: timers, continue-as-new).</param>
public sealed record OrchestrationStep(
    OrchestrationInstanceState? State,
    IReadOnlyList<HistoryEvent> NewEvents,
    bool ReplacesHistory,
    IReadOnlyList<ActivityRequest> ActivityRequests,
    IReadOnlyList<OrchestrationMessage> OrchestrationMessages);
