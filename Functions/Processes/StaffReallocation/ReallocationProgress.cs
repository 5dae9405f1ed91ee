namespace EduFlows.Processes.StaffReallocation;

/// <summary>The reallocation orchestration's custom status.</summary>
/// <param name="ReallocationId">The reallocation.</param>
/// <param name="Stage">
/// "objection", "posts", a round's name, "appeal:{round}" (its appeal window), "appeal-review:{round}" (the window closed,
/// the bureau deciding its appeals; from <see cref="StaffReallocation.AppealReviewVersion"/>), "unplaced" or "finished".
/// </param>
/// <param name="Waiting">What it waits for, in words.</param>
public sealed record ReallocationProgress(string ReallocationId, string Stage, string? Waiting = null);
