using System.Globalization;
using EduFlows.StaffDirectory;
using MiniExcelLibs;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// Writes a reallocation report as .xlsx the way rosters are written (<see cref="RosterFile"/>): a first sheet with a
/// row per county, school and round, and a second, <see cref="RoundsSheet"/>, with the per-round table that sums up:
/// the four rounds and the unplaced stage the bureau decided.
/// </summary>
public static class ReallocationReportFile
{
    /// <summary>The header, zh-CN first.</summary>
    public static readonly IReadOnlyList<string> Header = ["范围 scope", "对象 key", "参加人数 participants", "流动人数 moved", "落聘人数 unplaced", "流动比例% moved %", "跨学段 cross-section"];

    /// <summary>The first sheet's name.</summary>
    public const string ReportSheet = "汇总 report";

    /// <summary>The second sheet's name: the rounds and the bureau's unplaced stage.</summary>
    public const string RoundsSheet = "各轮次 rounds";

    /// <summary>The per-round table's header, zh-CN first: the report's, with how many were placed.</summary>
    public static readonly IReadOnlyList<string> RoundsHeader = [Header[0], Header[1], Header[2], "聘任人数 placed", Header[3], Header[4], Header[5], Header[6]];

    /// <summary>Writes the report.</summary>
    public static void Write(Stream output, ReallocationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = new[] { ("county", report.County) }
            .Concat(report.BySchool.Select(r => ("school", r)))
            .Concat(report.ByRound.Select(r => ("round", r)));
        var rounds = report.ByRound.Select(r => ("round", r)).Concat(report.Bureau is { } b ? [("bureau", b)] : []);
        output.SaveAs(
            new Dictionary<string, object>(StringComparer.Ordinal)
            {
                [ReportSheet] = Sheet(Header, rows),
                [RoundsSheet] = Sheet(RoundsHeader, rounds),
            },
            excelType: ExcelType.XLSX);
    }

    private static List<Dictionary<string, object?>> Sheet(IReadOnlyList<string> header, IEnumerable<(string Scope, ReportRow Row)> rows) =>
        [.. rows.Select(x => header.ToDictionary(c => c, c => (object?)RosterFile.Neutralise(Cell(c, x.Scope, x.Row))))];

    private static string Cell(string column, string scope, ReportRow row) => column switch
    {
        _ when column == Header[0] => scope,
        _ when column == Header[1] => row.Key,
        _ when column == Header[2] => Number(row.Participants),
        _ when column == RoundsHeader[3] => Number(row.Participants - row.Unplaced),
        _ when column == Header[3] => Number(row.Moved),
        _ when column == Header[4] => Number(row.Unplaced),
        _ when column == Header[5] => row.MovedPercent.ToString(CultureInfo.InvariantCulture),
        _ => Number(row.CrossSection),
    };

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
