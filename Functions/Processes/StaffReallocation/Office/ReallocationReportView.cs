using System.Globalization;
using EduFlows.StaffDirectory;

namespace EduFlows.Processes.StaffReallocation.Office;

/// <summary>The reallocation report as its page shows it (zh-CN): the county's figures, then each round and the bureau's unplaced stage, then each school by name.</summary>
/// <param name="ReallocationId">The reallocation, quoted as the report's reference.</param>
/// <param name="Facts">The county's figures, label and value.</param>
/// <param name="Rows">The rounds (<see cref="ReallocationNames.RoundTitle"/>), the unplaced stage, then the schools in id order.</param>
public sealed record ReallocationReportView(string ReallocationId, IReadOnlyList<(string Label, string Value)> Facts, IReadOnlyList<ReallocationReportRow> Rows)
{
    /// <summary>The page's view of <paramref name="report"/>: schools named from <paramref name="schools"/> (the directory), with their ids.</summary>
    public static ReallocationReportView Of(string reallocationId, ReallocationReport report, IReadOnlyDictionary<string, School> schools)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(schools);
        static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
        static string Percent(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture) + "%";
        static IReadOnlyList<string> Figures(ReportRow r) => [Count(r.Participants), Count(r.Moved), Count(r.Unplaced), Percent(r.MovedPercent), Count(r.CrossSection)];
        static ReallocationReportRow RoundRow(ReportRow r) => new(ReallocationNames.RoundTitle(ReallocationNames.RoundOf(r.Key) ?? Round.Unplaced).Zh, null, Figures(r));
        var c = report.County;
        return new ReallocationReportView(
            reallocationId,
            [("参加人数", Count(c.Participants)), ("交流人数", Count(c.Moved)), ("落聘人数", Count(c.Unplaced)), ("交流比例", Percent(c.MovedPercent)), ("跨学段", Count(c.CrossSection))],
            [
                .. report.ByRound.Select(RoundRow),
                .. report.Bureau is { } bureau ? [RoundRow(bureau)] : Array.Empty<ReallocationReportRow>(),
                .. report.BySchool.Select(r => new ReallocationReportRow(schools.TryGetValue(r.Key, out var school) ? school.Name : null, r.Key, Figures(r))),
            ]);
    }
}
