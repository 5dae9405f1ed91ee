using EduFlows.StaffDirectory;

namespace EduFlows.Processes.OpenSelection;

/// <summary>A selection's report (选拔情况统计): applicants, eligible, scores and ranks, and the age structure before and after.</summary>
/// <param name="Applicants">How many applied.</param>
/// <param name="Eligible">How many passed the eligibility review.</param>
/// <param name="Rows">One row per candidate ranked or removed, by post then rank.</param>
/// <param name="Before">The age structure of the body the posts belong to before the appointments.</param>
/// <param name="After">The same body with the appointed added.</param>
public sealed record SelectionReport(int Applicants, int Eligible, IReadOnlyList<SelectionReport.Row> Rows, AgeStructure Before, AgeStructure After)
{
    /// <summary>The export's columns, in Chinese.</summary>
    public static readonly IReadOnlyList<string> Columns = ["岗位", "人员编号", "姓名", "笔试成绩", "面试成绩", "总成绩", "名次", "结果", "说明"];

    /// <summary>Builds the report.</summary>
    /// <param name="selection">The selection.</param>
    /// <param name="directory">The directory's people by id (names, birth dates).</param>
    /// <param name="body">The people the posts belong to before the appointments (e.g. every mid-level leader).</param>
    /// <param name="onDate">The day ages are counted on.</param>
    public static SelectionReport Of(SelectionCase selection, IReadOnlyDictionary<string, StaffMember> directory, IReadOnlyList<StaffMember> body, DateOnly onDate)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(body);
        var interview = selection.Interview();
        var posts = selection.Announcement.Posts.ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
        var rows = selection.Ranking()
            .OrderBy(r => selection.Announcement.Posts.ToList().FindIndex(p => p.Id == r.PostId))
            .ThenBy(r => r.Rank ?? int.MaxValue)
            .Select(r => new Row(
                posts[r.PostId],
                r.StaffId,
                directory.TryGetValue(r.StaffId, out var m) ? m.Name : r.StaffId,
                selection.WrittenScores.GetValueOrDefault(r.StaffId),
                interview.ScoreOf(r.StaffId),
                r.Total,
                r.Rank,
                SelectionRanking.StandingName(r.Standing),
                r.RemovedBecause))
            .ToList();
        var appointed = (selection.Appointed ?? []).Select(a => a.StaffId).Where(directory.ContainsKey).Select(a => directory[a]);
        var after = body.Concat(appointed.Where(a => !body.Any(b => b.Id == a.Id))).ToList();
        return new SelectionReport(selection.Applications.Count, selection.Eligible.Count(), rows, AgeStructure.Of(body, onDate), AgeStructure.Of(after, onDate));
    }

    /// <summary>Writes the rows as an Excel workbook (or CSV), with the figures under them.</summary>
    public void Export(Stream output, RosterFile.Format format)
    {
        var lines = Rows.Select(r => (IReadOnlyDictionary<string, string?>)new Dictionary<string, string?>
        {
            ["岗位"] = r.Post, ["人员编号"] = r.StaffId, ["姓名"] = r.Name,
            ["笔试成绩"] = r.Written?.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) ?? "缺考",
            ["面试成绩"] = r.Interview?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
            ["总成绩"] = r.Total?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
            ["名次"] = r.Rank?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["结果"] = r.Result, ["说明"] = r.Note,
        }).ToList();
        lines.Add(new Dictionary<string, string?> { ["岗位"] = "报名人数", ["人员编号"] = Applicants.ToString(System.Globalization.CultureInfo.InvariantCulture), ["姓名"] = "资格审查通过", ["笔试成绩"] = Eligible.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        lines.Add(Figures("选拔前", Before));
        lines.Add(Figures("选拔后", After));
        RosterFile.Write(output, format, Columns, lines);
    }

    private static Dictionary<string, string?> Figures(string label, AgeStructure age) => new()
    {
        ["岗位"] = label, ["人员编号"] = $"{age.People} 人", ["姓名"] = "平均年龄",
        ["笔试成绩"] = age.AverageAge?.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), ["面试成绩"] = "52 岁以上",
        ["总成绩"] = age.Over52.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>One candidate's line.</summary>
    /// <param name="Post">The post's name.</param>
    /// <param name="StaffId">The candidate.</param>
    /// <param name="Name">Their name.</param>
    /// <param name="Written">The written score; null absent.</param>
    /// <param name="Interview">The interview score.</param>
    /// <param name="Total">The weighted total.</param>
    /// <param name="Rank">The rank on the post's list.</param>
    /// <param name="Result">拟任, 后备, 未入选, 缺考 or 取消资格.</param>
    /// <param name="Note">Why removed, if removed.</param>
    public sealed record Row(string Post, string StaffId, string Name, decimal? Written, decimal? Interview, decimal? Total, int? Rank, string Result, string? Note);
}
