namespace EduFlows.Processes.Training;

/// <summary>A year's training report: totals, per school and per person (pure, from the attendance rows).</summary>
/// <param name="Year">The year.</param>
/// <param name="Totals">The year's figures.</param>
/// <param name="Schools">Per school, most hours first (bureau staff under "bureau").</param>
/// <param name="People">Per person, most hours first.</param>
public sealed record TrainingReport(int Year, TrainingTotals Totals, IReadOnlyList<TrainingReportRow> Schools, IReadOnlyList<TrainingReportRow> People)
{
    /// <summary>The report of <paramref name="year"/> from its attendance: check-ins, those the office marked present and hours credited by hand; removed ones not.</summary>
    public static TrainingReport For(int year, IEnumerable<TrainingAttendance> attendance)
    {
        var rows = attendance.Where(a => a.Date.Year == year && a.Withdrawn is null).ToList();
        var rated = rows.Where(a => a.Rating is not null).ToList();
        var totals = new TrainingTotals(
            rows.Select(a => a.LectureId).Distinct(StringComparer.Ordinal).Count(),
            rows.Count,
            rows.Count(a => a.ByPrincipal),
            rows.Select(a => a.StaffId).Distinct(StringComparer.Ordinal).Count(),
            rows.Sum(a => a.Hours),
            rated.Count == 0 ? null : Math.Round(rated.Average(a => (decimal)a.Rating!.Value), 2));
        var schools = rows.GroupBy(a => a.SchoolId ?? "bureau", StringComparer.Ordinal)
            .Select(g => new TrainingReportRow(g.Key, g.First().SchoolName ?? "教育局机关", null, g.Count(), g.Sum(a => a.Hours)))
            .OrderByDescending(r => r.Hours).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        var people = rows.GroupBy(a => a.StaffId, StringComparer.Ordinal)
            .Select(g => new TrainingReportRow(g.Key, g.First().Name, g.First().SchoolName, g.Count(), g.Sum(a => a.Hours)))
            .OrderByDescending(r => r.Hours).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        return new TrainingReport(year, totals, schools, people);
    }
}
