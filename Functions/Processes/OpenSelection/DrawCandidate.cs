namespace EduFlows.Processes.OpenSelection;

/// <summary>An interviewee as the panel draw sees them: where they work, for the same-unit conflict check.</summary>
/// <param name="StaffId">The candidate.</param>
/// <param name="SchoolId">Their school, if any.</param>
/// <param name="DepartmentId">Their bureau department, if any.</param>
public sealed record DrawCandidate(string StaffId, string? SchoolId, string? DepartmentId);
