namespace EduFlows.Processes.ShadowTraining;

/// <summary>A trainee to place, as the placement rule sees them.</summary>
/// <param name="StaffId">The staff member.</param>
/// <param name="Name">Their name (for explanations).</param>
/// <param name="SchoolId">Their own school, never a base for them.</param>
/// <param name="SchoolName">Their school's name (for explanations).</param>
/// <param name="Section">Their school's section (primary, junior, nine-year...).</param>
public sealed record PlacementCandidate(string StaffId, string Name, string? SchoolId, string? SchoolName, string? Section);
