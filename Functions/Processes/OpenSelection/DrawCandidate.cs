using EduFlows.StaffDirectory;

namespace EduFlows.Processes.OpenSelection;

/// <summary>An interviewee as the panel draw sees them: where they work and their declared relatives, for the conflict checks.</summary>
/// <param name="StaffId">The candidate.</param>
/// <param name="SchoolId">Their school, if any.</param>
/// <param name="DepartmentId">Their bureau department, if any.</param>
/// <param name="Relatives">The relatives they declared in the directory, if any.</param>
public sealed record DrawCandidate(string StaffId, string? SchoolId, string? DepartmentId, IReadOnlyList<DeclaredRelative>? Relatives = null);
