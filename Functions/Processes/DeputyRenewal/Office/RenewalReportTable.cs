namespace EduFlows.Processes.DeputyRenewal.Office;

/// <summary>The round report as its download has it: a row per person, school by school, in the bureau's words.</summary>
internal static class RenewalReportTable
{
    /// <summary>
    /// 学校, 人员编号, 姓名, 原职务, 学校建议 and its reason, 教育局审核 and its note, 公示期, 异议条数 (a number) and the
    /// objections, 结果 and 依据 (the rule that gave it, or 进行中).
    /// </summary>
    public static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<object?>> Rows) Of(IEnumerable<RenewalRecord> schools)
    {
        ArgumentNullException.ThrowIfNull(schools);
        string[] header = ["学校", "人员编号", "姓名", "原职务", "学校建议", "建议理由", "教育局审核", "审核意见", "公示期", "异议条数", "异议", "结果", "依据"];
        var rows = schools.SelectMany(s => s.Candidates.Select(c => (IReadOnlyList<object?>)
        [
            s.SchoolName, c.StaffId, c.Name, c.IsDeputy ? "副校长" : "中层干部",
            Choice(c.Proposal), c.Reason, Choice(c.Review), c.ReviewNote,
            s.NoticeFrom is { } from && s.NoticeUntil is { } until && c.Proposal == RenewalChoices.Promote ? $"{from:yyyy-MM-dd} 至 {until:yyyy-MM-dd}" : null,
            c.ObjectionCount, string.Join("；", c.Objections),
            Choice(c.Result), c.Why ?? (c.Result is null ? "进行中" : null),
        ])).ToList();
        return (header, rows);
    }

    private static string? Choice(string? code) => code is null ? null : RenewalChoices.Zh(code);
}
