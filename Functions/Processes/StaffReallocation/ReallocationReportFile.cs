using System.Globalization;
using EduFlows.StaffDirectory;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>Writes a reallocation report as .xlsx the way rosters are written (<see cref="RosterFile"/>): one sheet, a row per county, school and round.</summary>
public static class ReallocationReportFile
{
    /// <summary>The header, zh-CN first.</summary>
    public static readonly IReadOnlyList<string> Header = ["范围 scope", "对象 key", "参加人数 participants", "流动人数 moved", "落聘人数 unplaced", "流动比例% moved %", "跨学段 cross-section"];

    /// <summary>Writes the report.</summary>
    public static void Write(Stream output, ReallocationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = new[] { ("county", report.County) }
            .Concat(report.BySchool.Select(r => ("school", r)))
            .Concat(report.ByRound.Select(r => ("round", r)))
            .Select(x => (IReadOnlyDictionary<string, string?>)new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                [Header[0]] = x.Item1,
                [Header[1]] = x.Item2.Key,
                [Header[2]] = x.Item2.Participants.ToString(CultureInfo.InvariantCulture),
                [Header[3]] = x.Item2.Moved.ToString(CultureInfo.InvariantCulture),
                [Header[4]] = x.Item2.Unplaced.ToString(CultureInfo.InvariantCulture),
                [Header[5]] = x.Item2.MovedPercent.ToString(CultureInfo.InvariantCulture),
                [Header[6]] = x.Item2.CrossSection.ToString(CultureInfo.InvariantCulture),
            });
        RosterFile.Write(output, RosterFile.Format.Xlsx, Header, rows);
    }
}
