namespace EduFlows.Processes.ReservePool;

/// <summary>How one member's review ended.</summary>
/// <param name="MemberId">The member row.</param>
/// <param name="Readiness">The readiness decided (null when they left).</param>
/// <param name="Exit">The exit rule, when they left.</param>
public sealed record ReviewOutcome(string MemberId, string? Readiness, PoolExitReason? Exit);
