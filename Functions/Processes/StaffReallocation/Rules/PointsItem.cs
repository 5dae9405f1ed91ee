namespace EduFlows.Processes.StaffReallocation;

/// <summary>One line of a person's breakdown.</summary>
/// <param name="Item">What is counted: "service", "title", "assessment-1" (most recent), "assessment-2", "support-teaching", "hardship", "family".</param>
/// <param name="Basis">What it was computed from, e.g. "12 years × 1".</param>
/// <param name="Points">The points this line adds.</param>
public sealed record PointsItem(string Item, string Basis, decimal Points);
