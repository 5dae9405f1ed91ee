namespace EduFlows.Durable.Backend;

/// <summary>A call of an activity, queued for a worker.</summary>
/// <param name="Id">Unique per call; a redelivered call keeps its id.</param>
/// <param name="InstanceId">The calling instance.</param>
/// <param name="ExecutionId">The calling execution.</param>
/// <param name="TaskScheduledId">The call's sequence number in the caller's history.</param>
/// <param name="Name">The activity name.</param>
/// <param name="Input">The serialized input.</param>
public sealed record ActivityRequest(string Id, string InstanceId, string ExecutionId, int TaskScheduledId, string Name, string? Input);
