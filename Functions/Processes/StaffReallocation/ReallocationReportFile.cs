using EduFlows.StaffDirectory;
using MiniExcelLibs;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// Writes a reallocation report as .xlsx the way the office's downloads are written (<see cref="RosterFile.WriteTable"/>):
/// sheet names, headers and cells in Chinese only, counts as numbers, text neutralised against formulas. A first sheet
/// has a row for the county, each school and each round; the second, <see cref="RoundsSheet"/>, the per-round table
/// that sums up: the four rounds and the unplaced stage the bureau decided, named as everywhere (<see cref="ReallocationNames"/>).
/// </summary>
public static class ReallocationReportFile
{
    /// <summary>The first sheet's header.</summary>
    public static readonly IReadOnlyList<string> Header = ["范围", "对象", "参加人数", "交流人数", "落聘人数", "交流比例（%）", "跨学段人数"];

    /// <summary>The first sheet's name.</summary>
    public const string ReportSheet = "汇总";

    /// <summary>The second sheet's name: the rounds and the bureau's unplaced stage.</summary>
    public const string RoundsSheet = "各轮次";

    /// <summary>The per-round table's header: the report's, with how many were placed.</summary>
    public static readonly IReadOnlyList<string> RoundsHeader = [Header[0], Header[1], Header[2], "聘任人数", Header[3], Header[4], Header[5], Header[6]];

    private const string County = "全县", School = "学校", OfRound = "轮次", Bureau = "教育局";

    /// <summary>Writes the report.</summary>
    public static void Write(Stream output, ReallocationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = new[] { (County, County, report.County) }
            .Concat(report.BySchool.Select(r => (School, r.Key, r)))
            .Concat(report.ByRound.Select(r => (OfRound, RoundTitle(r.Key), r)));
        var rounds = report.ByRound.Select(r => (OfRound, RoundTitle(r.Key), r))
            .Concat(report.Bureau is { } b ? [(Bureau, RoundTitle(b.Key), b)] : []);
        output.SaveAs(
            new Dictionary<string, object>(StringComparer.Ordinal)
            {
                [ReportSheet] = Sheet(Header, rows),
                [RoundsSheet] = Sheet(RoundsHeader, rounds),
            },
            excelType: ExcelType.XLSX);
    }

    private static string RoundTitle(string key) => ReallocationNames.RoundTitle(ReallocationNames.RoundOf(key) ?? Round.Unplaced).Zh;

    private static List<Dictionary<string, object?>> Sheet(IReadOnlyList<string> header, IEnumerable<(string Scope, string Name, ReportRow Row)> rows) =>
        [.. rows.Select(x => header.ToDictionary(c => c, c => Cell(c, x.Scope, x.Name, x.Row)))];

    // Scope and name are text, neutralised; the figures are number cells.
    private static object? Cell(string column, string scope, string name, ReportRow row) => column switch
    {
        _ when column == Header[0] => RosterFile.Neutralise(scope),
        _ when column == Header[1] => RosterFile.Neutralise(name),
        _ when column == Header[2] => row.Participants,
        _ when column == RoundsHeader[3] => row.Participants - row.Unplaced,
        _ when column == Header[3] => row.Moved,
        _ when column == Header[4] => row.Unplaced,
        _ when column == Header[5] => row.MovedPercent,
        _ => row.CrossSection,
    };
}
