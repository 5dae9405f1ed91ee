using EduFlows.Tasks;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>The bureau's task deciding an objection to a points breakdown.</summary>
public static class PointsObjectionTasks
{
    /// <summary>
    /// Uphold or reject; upheld, the corrected values given replace the person's points sheet entry (values left
    /// empty stay as they are) and the points are computed again before any round reads them.
    /// </summary>
    public static readonly TaskKind Review = new(
        "reallocation-points-objection",
        new LocalizedText("县管校聘：积分异议处理", "Staff reallocation: decide a points objection"),
        new LocalizedText(
            "教职工对本人积分明细提出异议（理由及现有积分项见上）。支持的，请填写核实后的积分项（未填写的保持不变），系统将重新计算积分并保留更正记录。",
            "A person objects to their points breakdown (reason and current values above). Upheld, give the verified values (those left empty stay); the points are computed again and the correction is kept on record."),
        [
            new TaskField("decision", new LocalizedText("决定", "Decision"), TaskFieldType.Choice)
            {
                Options = [new TaskFieldOption("uphold", new LocalizedText("异议成立", "Uphold")), new TaskFieldOption("reject", new LocalizedText("异议不成立", "Reject"))],
            },
            Result("assessment1", "最近一年考核结果", "Most recent assessment"),
            Result("assessment2", "前一年考核结果", "Assessment the year before"),
            Years("supportTeachingYears", "支教年限", "Support-teaching years", PointsSheetFile.MaxYears),
            Years("hardshipYears", "艰苦边远年限", "Hardship years", PointsSheetFile.MaxYears),
            Years("familyCases", "家庭情况（件）", "Family cases", PointsSheetFile.MaxFamilyCases),
            new TaskField("note", new LocalizedText("处理意见（发给本人）", "Note to the person"), TaskFieldType.LongText, Required: false) { MaxLength = 1000 },
        ]);

    /// <summary>Registers the kind.</summary>
    public static TaskKindCatalog AddStaffReallocationPoints(this TaskKindCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.Add(Review);
    }

    private static TaskField Result(string name, string zh, string en) => new(name, new LocalizedText(zh, en), TaskFieldType.Choice, Required: false)
    {
        Options = [.. AssessmentWords.All.Select(w => new TaskFieldOption(w.Code, new LocalizedText(w.Zh, w.Code)))],
    };

    private static TaskField Years(string name, string zh, string en, int max) => new(name, new LocalizedText(zh, en), TaskFieldType.Number, Required: false) { Min = 0, Max = max };
}
