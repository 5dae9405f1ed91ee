namespace EduFlows.Processes.OpenSelection;

/// <summary>The inspection's outcome (考察) for one proposed candidate.</summary>
/// <param name="StaffId">The candidate.</param>
/// <param name="Passed">True when the candidate passed.</param>
/// <param name="Note">The inspection note.</param>
public sealed record InspectionResult(string StaffId, bool Passed, string Note);
