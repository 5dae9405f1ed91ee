namespace EduFlows.Processes.StaffReallocation.Office;

/// <summary>One row of the reallocation report's page: a round (or the bureau's unplaced stage), or a school, with its figures.</summary>
/// <param name="Name">The round's title, or the school's name from the directory; null for a school the directory does not know.</param>
/// <param name="SchoolId">The school's id, shown as its reference; null for a round.</param>
/// <param name="Figures">Taking part, moved, unplaced, the moved percentage and cross-section moves, as shown.</param>
public sealed record ReallocationReportRow(string? Name, string? SchoolId, IReadOnlyList<string> Figures);
