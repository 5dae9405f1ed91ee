using EduFlows.StaffDirectory;
using MiniExcelLibs;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// Writes a reallocation report as .xlsx the way the office's downloads are written (<see cref="RosterFile.WriteTable"/>):
/// sheet names, headers and cells in Chinese only, counts as numbers, text neutralised against formulas. A first sheet
/// has a row for the county, each school (by its name from the directory, its id in a column of its own) and each round;
/// the second, <see cref="RoundsSheet"/>, the per-round table that sums up: the four rounds and the unplaced stage the
/// bureau decided, named as everywhere (<see cref="ReallocationNames"/>).
/// </summary>
public static class ReallocationReportFile
{
    /// <summary>The first sheet's header.</summary>
    public static readonly IReadOnlyList<string> Header = ["范围", "对象", "参加人数", "交流人数", "落聘人数", "交流比例（%）", "跨学段人数", SchoolIdColumn];

    /// <summary>The first sheet's name.</summary>
    public const string ReportSheet = "汇总";

    /// <summary>The second sheet's name: the rounds and the bureau's unplaced stage.</summary>
    public const string RoundsSheet = "各轮次";

    /// <summary>The column of the first sheet giving a school row's id (empty on the other rows).</summary>
    public const string SchoolIdColumn = "学校编号";

    /// <summary>The per-round table's header: the report's figures, with how many were placed.</summary>
    public static readonly IReadOnlyList<string> RoundsHeader = [Header[0], Header[1], Header[2], "聘任人数", Header[3], Header[4], Header[5], Header[6]];

    private const string County = "全县", School = "学校", OfRound = "轮次", Bureau = "教育局";

    /// <summary>Writes the report.</summary>
    /// <param name="output">Where to.</param>
    /// <param name="report">The report.</param>
    /// <param name="schoolName">A school's name from its id (the directory's); null, or a null name, leaves the id.</param>
    public static void Write(Stream output, ReallocationReport report, Func<string, string?>? schoolName = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = new[] { new Line(County, County, null, report.County) }
            .Concat(report.BySchool.Select(r => new Line(School, schoolName?.Invoke(r.Key) ?? r.Key, r.Key, r)))
            .Concat(report.ByRound.Select(r => new Line(OfRound, RoundTitle(r.Key), null, r)));
        var rounds = report.ByRound.Select(r => new Line(OfRound, RoundTitle(r.Key), null, r))
            .Concat(report.Bureau is { } b ? [new Line(Bureau, RoundTitle(b.Key), null, b)] : []);
        output.SaveAs(
            new Dictionary<string, object>(StringComparer.Ordinal)
            {
                [ReportSheet] = Sheet(Header, rows),
                [RoundsSheet] = Sheet(RoundsHeader, rounds),
            },
            excelType: ExcelType.XLSX);
    }

    private static string RoundTitle(string key) => ReallocationNames.RoundTitle(ReallocationNames.RoundOf(key) ?? Round.Unplaced).Zh;

    private static List<Dictionary<string, object?>> Sheet(IReadOnlyList<string> header, IEnumerable<Line> rows) =>
        [.. rows.Select(x => header.ToDictionary(c => c, c => Cell(c, x)))];

    // Scope, name and id are text, neutralised; the figures are number cells.
    private static object? Cell(string column, Line line) => column switch
    {
        _ when column == Header[0] => RosterFile.Neutralise(line.Scope),
        _ when column == Header[1] => RosterFile.Neutralise(line.Name),
        _ when column == SchoolIdColumn => line.SchoolId is null ? null : RosterFile.Neutralise(line.SchoolId),
        _ when column == Header[2] => line.Row.Participants,
        _ when column == RoundsHeader[3] => line.Row.Participants - line.Row.Unplaced,
        _ when column == Header[3] => line.Row.Moved,
        _ when column == Header[4] => line.Row.Unplaced,
        _ when column == Header[5] => line.Row.MovedPercent,
        _ => line.Row.CrossSection,
    };

    private sealed record Line(string Scope, string Name, string? SchoolId, ReportRow Row);
}
