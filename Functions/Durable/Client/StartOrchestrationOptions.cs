namespace EduFlows.Durable;

/// <summary>Options for starting an instance.</summary>
/// <param name="InstanceId">The instance id; a new GUID when omitted. Deterministic ids make a double start harmless.</param>
/// <param name="StartAt">Start no earlier than this; the instance is Pending until then.</param>
public sealed record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null);
