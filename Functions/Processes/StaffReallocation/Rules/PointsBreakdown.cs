namespace EduFlows.Processes.StaffReallocation;

/// <summary>A person's points: every line, the total, and the county-wide rank once ranked; what the person sees of their own.</summary>
/// <param name="StaffId">The directory id.</param>
/// <param name="FormulaVersion">The <see cref="PointsFormula.Version"/> used.</param>
/// <param name="Items">The lines, in the formula's order.</param>
/// <param name="Total">Sum of the lines.</param>
/// <param name="Rank">1 for the best in the county after tie-breaks; 0 until <see cref="StaffPoints.Rank"/> ranked it.</param>
public sealed record PointsBreakdown(string StaffId, string FormulaVersion, IReadOnlyList<PointsItem> Items, decimal Total, int Rank = 0);
