namespace EduFlows.Processes.StaffReallocation;

/// <summary>One line of a reallocation report: a school, a round, or the county.</summary>
/// <param name="Key">The school id, the round's name, or "county".</param>
/// <param name="Participants">People taking part (for a round: still without a decided post when it opened).</param>
/// <param name="Moved">People who changed school.</param>
/// <param name="Unplaced">People without a post (for a round: still without one when it closed).</param>
/// <param name="MovedPercent">Moved as a percentage of participants, two decimals.</param>
/// <param name="CrossSection">Placements into another section than the one taught before (e.g. senior high to junior), within the school or not.</param>
public sealed record ReportRow(string Key, int Participants, int Moved, int Unplaced, decimal MovedPercent, int CrossSection);
