namespace EduFlows.StaffDirectory;

/// <summary>What is wrong with one cell of an imported roster.</summary>
/// <param name="Row">The row number as a spreadsheet shows it (the header is row 1).</param>
/// <param name="Column">The column header.</param>
/// <param name="Reason">Why it is refused.</param>
public sealed record RowError(int Row, string Column, string Reason);
