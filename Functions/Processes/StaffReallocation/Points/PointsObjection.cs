namespace EduFlows.Processes.StaffReallocation;

/// <summary>An objection to one's own points breakdown, brought during the objection window.</summary>
/// <param name="StaffId">The person objecting.</param>
/// <param name="Reason">What is wrong, in their words (at most 1000 characters).</param>
/// <param name="LodgedBy">Who brought it: the person (signed in or with their points mail's link), or an administrator; set by the API.</param>
/// <param name="LodgedAt">
/// When the API took it (the bureau's clock), before the window's close (<see cref="ReallocationRecord.ObjectionsCloseAt"/>); an
/// event reaching the reallocation after its window timer fired is taken when this is before the close, and ignored otherwise.
/// </param>
public sealed record PointsObjection(string StaffId, string Reason, string? LodgedBy = null, DateTime? LodgedAt = null);
