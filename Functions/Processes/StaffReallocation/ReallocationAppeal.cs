namespace EduFlows.Processes.StaffReallocation;

/// <summary>An appeal against a round's result, brought during the round's appeal window.</summary>
/// <param name="StaffId">The appellant.</param>
/// <param name="Reason">Why, in their words (at most 1000 characters).</param>
/// <param name="LodgedBy">Who brought it: the appellant themselves (signed in or with their result link), or an administrator (master key); set by the API.</param>
public sealed record ReallocationAppeal(string StaffId, string Reason, string? LodgedBy = null);
