namespace EduFlows.Processes.StaffReallocation.Office;

/// <summary>A person left without a post after the rounds (落聘): why, and what the bureau decided.</summary>
/// <param name="StaffId">The person.</param>
/// <param name="Name">Their name.</param>
/// <param name="FromSchool">The school they came from, by name.</param>
/// <param name="Reasons">Why, one line per round that could have placed them.</param>
/// <param name="Decision">The bureau's decision, or that it is still to decide.</param>
public sealed record ReallocationUnplacedRow(string StaffId, string Name, string FromSchool, IReadOnlyList<string> Reasons, string Decision);
