namespace EduFlows.Processes.DepartmentAssessment.Office;

/// <summary>One department's line of the office's 1000-point table: baseline standing month by month, the halves, the year.</summary>
/// <param name="DepartmentId">The department.</param>
/// <param name="Name">Its name.</param>
/// <param name="ByMonth">Baseline points after each month's deductions (index 0 = January); null for a month not reported yet.</param>
/// <param name="MonthDeductions">What each month's report cost (index 0 = January).</param>
/// <param name="DutyH1">The head's combined duty-review score of the first half, if scored.</param>
/// <param name="DutyH2">The same for the second half.</param>
/// <param name="AtH1">Baseline points at the end of June (null before any June report).</param>
/// <param name="AtH2">Baseline points at the end of December.</param>
/// <param name="Result">The published year result, if any.</param>
/// <param name="Previous">Last year's published result, if any.</param>
/// <param name="TwoYearsLast">True when the head faces a reassignment decision: last two years running (<see cref="TwoYearWindow"/>).</param>
public sealed record AssessmentBoardRow(
    string DepartmentId,
    string Name,
    IReadOnlyList<decimal?> ByMonth,
    IReadOnlyList<decimal> MonthDeductions,
    decimal? DutyH1,
    decimal? DutyH2,
    decimal? AtH1,
    decimal? AtH2,
    YearResult? Result,
    YearResult? Previous,
    bool TwoYearsLast);
