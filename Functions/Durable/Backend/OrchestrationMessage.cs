using EduFlows.Durable.History;

namespace EduFlows.Durable.Backend;

/// <summary>A message for an orchestration instance: a history event to apply, with an id receivers deduplicate on.</summary>
/// <param name="Id">Unique per message; a redelivered message keeps its id.</param>
/// <param name="InstanceId">The target instance.</param>
/// <param name="ExecutionId">The target execution; responses to an older generation are dropped. Null targets any.</param>
/// <param name="Event">The event to apply.</param>
/// <param name="VisibleAt">Not delivered before this time (durable timers, scheduled starts).</param>
public sealed record OrchestrationMessage(string Id, string InstanceId, string? ExecutionId, HistoryEvent Event, DateTimeOffset? VisibleAt = null);
