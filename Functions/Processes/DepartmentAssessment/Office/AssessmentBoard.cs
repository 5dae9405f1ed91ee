using EduFlows.StaffDirectory;

namespace EduFlows.Processes.DepartmentAssessment.Office;

/// <summary>The office's view of a year of department assessment, built from what the processes stored.</summary>
/// <param name="Year">The year.</param>
/// <param name="BaselinePoints">The scheme's baseline (out of 1000 with innovation and satisfaction).</param>
/// <param name="Months">The months with any report stored, in order.</param>
/// <param name="Rows">A row per department, best year result first (then by id).</param>
public sealed record AssessmentBoard(int Year, decimal BaselinePoints, IReadOnlyList<int> Months, IReadOnlyList<AssessmentBoardRow> Rows)
{
    /// <summary>True once the year's results are published.</summary>
    public bool Published => Rows.Any(r => r.Result is not null);

    /// <summary>Builds the board from the year's stored records and last year's results.</summary>
    public static AssessmentBoard Build(
        int year,
        AssessmentScheme scheme,
        IReadOnlyList<Department> departments,
        IReadOnlyList<MonthlyReport> reports,
        IReadOnlyList<DutyReview> duties,
        IReadOnlyList<YearResult> results,
        IReadOnlyList<YearResult> previous)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(departments);
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(duties);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(previous);
        var names = departments.ToDictionary(d => d.Id, d => d.Name, StringComparer.Ordinal);
        foreach (var r in results.Concat(previous))
        {
            names.TryAdd(r.DepartmentId, r.DepartmentName);
        }

        var ids = names.Keys.Concat(reports.Select(r => r.DepartmentId)).Concat(duties.Select(d => d.DepartmentId)).Distinct(StringComparer.Ordinal).ToList();
        var months = reports.Select(r => r.Month).Distinct().Order().ToList();
        var flagged = TwoYearWindow.Check(previous, results).Select(c => c.DepartmentId).ToHashSet(StringComparer.Ordinal);
        var rows = ids.Select(id =>
        {
            var mine = reports.Where(r => r.DepartmentId == id).ToDictionary(r => r.Month);
            var h1 = duties.FirstOrDefault(d => d.DepartmentId == id && d.Half == 1);
            var h2 = duties.FirstOrDefault(d => d.DepartmentId == id && d.Half == 2);
            var deductions = Enumerable.Range(1, 12).Select(m => mine.TryGetValue(m, out var r) ? r.Deduction : 0).ToList();
            decimal spent = 0;
            var byMonth = new decimal?[12];
            for (int m = 1; m <= 12; m++)
            {
                // The duty review's deduction falls at the end of its half, with June's or December's report.
                spent += deductions[m - 1] + (m == 6 ? h1?.Deduction ?? 0 : 0) + (m == 12 ? h2?.Deduction ?? 0 : 0);
                byMonth[m - 1] = months.Contains(m) ? AssessmentRules.Baseline(scheme, spent) : null;
            }

            return new AssessmentBoardRow(
                id,
                names.GetValueOrDefault(id, id),
                byMonth,
                deductions,
                h1?.Score,
                h2?.Score,
                byMonth[5],
                byMonth[11],
                results.FirstOrDefault(r => r.DepartmentId == id),
                previous.FirstOrDefault(r => r.DepartmentId == id),
                flagged.Contains(id));
        })
        .OrderBy(r => r.Result?.Score.Rank ?? int.MaxValue).ThenBy(r => r.DepartmentId, StringComparer.Ordinal)
        .ToList();
        return new AssessmentBoard(year, scheme.BaselinePoints, months, rows);
    }
}
