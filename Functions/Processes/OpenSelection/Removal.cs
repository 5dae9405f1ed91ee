namespace EduFlows.Processes.OpenSelection;

/// <summary>A candidate taken off the lists, with why (Chinese).</summary>
/// <param name="StaffId">The candidate.</param>
/// <param name="Reason">Why, e.g. 考察不合格：….</param>
public sealed record Removal(string StaffId, string Reason);
