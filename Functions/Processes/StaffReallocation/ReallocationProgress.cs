namespace EduFlows.Processes.StaffReallocation;

/// <summary>The reallocation orchestration's custom status.</summary>
/// <param name="ReallocationId">The reallocation.</param>
/// <param name="Stage">"posts", a round's name, "appeal:{round}", "unplaced" or "finished".</param>
/// <param name="Waiting">What it waits for, in words.</param>
public sealed record ReallocationProgress(string ReallocationId, string Stage, string? Waiting = null);
