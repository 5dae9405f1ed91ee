namespace EduFlows.Durable;

/// <summary>What an activity knows about the call it serves.</summary>
/// <param name="Name">The activity's registered name.</param>
/// <param name="InstanceId">The calling orchestration instance.</param>
/// <param name="TaskId">The call's sequence number in the caller's history; with the instance id, unique per call.</param>
public sealed record TaskActivityContext(string Name, string InstanceId, int TaskId);
