namespace EduFlows.Processes.StaffReallocation;

/// <summary>An appeal against a round's result, brought during the round's appeal window.</summary>
/// <param name="StaffId">The appellant.</param>
/// <param name="Reason">Why, in their words (at most 1000 characters).</param>
public sealed record ReallocationAppeal(string StaffId, string Reason);
