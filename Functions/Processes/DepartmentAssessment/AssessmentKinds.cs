using EduFlows.Tasks;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>The task kinds of the department assessment.</summary>
public static class AssessmentKinds
{
    /// <summary>A head's monthly progress report (also used for the late and the reworked version).</summary>
    public static readonly TaskKind MonthlyReport = new(
        "dept-monthly-report",
        new LocalizedText("每月工作调度报告", "Monthly dispatch report"),
        new LocalizedText("请报告本科室重点工作进展和存在的风险。", "Report your department's progress on its key work items and its risks."),
        [
            new TaskField("progress", new LocalizedText("重点工作进展", "Progress on key work items"), TaskFieldType.LongText) { MaxLength = 4000 },
            new TaskField("risks", new LocalizedText("风险与问题", "Risks and problems"), TaskFieldType.LongText) { MaxLength = 2000 },
        ]);

    /// <summary>The office's review of a monthly report.</summary>
    public static readonly TaskKind MonthlyReview = new(
        "dept-monthly-review",
        new LocalizedText("月度调度报告审核", "Review a monthly report"),
        new LocalizedText("请审核该科室的月度报告：通过，或退回修改并写明意见。", "Review the department's monthly report: accept it, or send it back for rework with a comment."),
        [
            new TaskField("decision", new LocalizedText("审核结论", "Decision"), TaskFieldType.Choice)
            {
                Options = [new("accept", new LocalizedText("通过", "Accept")), new("rework", new LocalizedText("退回修改", "Send back for rework"))],
            },
            new TaskField("comment", new LocalizedText("意见", "Comment"), TaskFieldType.LongText, Required: false) { MaxLength = 2000 },
        ]);

    /// <summary>A head's half-year duty report.</summary>
    public static readonly TaskKind DutyReport = new(
        "dept-duty-report",
        new LocalizedText("科室长半年述职报告", "Half-year duty report"),
        new LocalizedText("请提交本半年的述职报告，供局班子成员评议。", "Hand in your half-year duty report for the bureau leaders to score."),
        [new TaskField("report", new LocalizedText("述职报告", "Duty report"), TaskFieldType.LongText) { MaxLength = 8000 }]);

    /// <summary>A leader's scores of the heads' duty reports (fields are one score per head, given per task).</summary>
    public static readonly TaskKind DutyJudging = new(
        "dept-duty-judging",
        new LocalizedText("述职评议打分", "Score the duty reports"),
        new LocalizedText("请为各科室长的述职打分。提交后可查看其他评委的打分。", "Score each head's duty report. You can see the other judges' scores after you submit yours."),
        [new TaskField("score", new LocalizedText("得分", "Score"), TaskFieldType.Number)]);

    /// <summary>A head's year-end presentation and innovation claims.</summary>
    public static readonly TaskKind YearEndEntry = new(
        "dept-year-end-entry",
        new LocalizedText("年终考核：展示材料与创新成果申报", "Year-end: presentation and innovation claims"),
        new LocalizedText("请上传年终展示PPT，并申报本年度创新成果及申请分值。", "Upload your year-end presentation and claim this year's innovation results with the points you ask for."),
        [
            new TaskField("claims", new LocalizedText("创新成果", "Innovation results"), TaskFieldType.LongText, Required: false) { MaxLength = 4000 },
            new TaskField("claimedPoints", new LocalizedText("申请分值", "Points claimed"), TaskFieldType.Number) { Min = 0 },
        ]);

    /// <summary>The office's confirmation of innovation claims (one field per department, given per task).</summary>
    public static readonly TaskKind InnovationConfirmation = new(
        "dept-innovation-confirmation",
        new LocalizedText("创新成果认定", "Confirm innovation claims"),
        new LocalizedText("请认定各科室申报的创新成果分值（不超过申请分值）。", "Confirm the points of each department's innovation claims (at most what was claimed)."),
        [new TaskField("points", new LocalizedText("认定分值", "Confirmed points"), TaskFieldType.Number)]);

    /// <summary>
    /// A principal's year-end scores of the departments (one optional field per department, given per task): a
    /// principal scores the departments they saw and submits at any time in the session, but not an empty form.
    /// </summary>
    public static readonly TaskKind SessionScoring = new(
        "dept-session-scoring",
        new LocalizedText("年终考核现场打分", "Year-end scoring session"),
        new LocalizedText("请为各科室的年度工作展示打分（满意度），未看到的科室可留空。只能提交一次，会议结束即关闭。", "Score each department's year (satisfaction); leave empty the ones you did not see. You submit once; scoring closes with the session."),
        [new TaskField("score", new LocalizedText("得分", "Score"), TaskFieldType.Number, Required: false)])
    {
        AtLeastOneAnswer = true,
    };

    /// <summary>The director's decision on a head last two years running.</summary>
    public static readonly TaskKind ReassignmentDecision = new(
        "dept-reassignment-decision",
        new LocalizedText("连续两年末位科室负责人调整决定", "Decide on a head last two years running"),
        new LocalizedText("该科室连续两年考核末位。按规定应调离原岗位；如保留，须写明理由。", "The department came last two years running. The rule is to move its head out of the post; if kept, record why."),
        [
            new TaskField("decision", new LocalizedText("决定", "Decision"), TaskFieldType.Choice)
            {
                Options = [new("reassigned", new LocalizedText("调离原岗位", "Reassign")), new("kept", new LocalizedText("保留（须说明理由）", "Keep (reason required)"))],
            },
            new TaskField("reason", new LocalizedText("理由", "Reason"), TaskFieldType.LongText) { MaxLength = 2000 },
        ]);

    /// <summary>Adds the kinds to the catalog.</summary>
    public static TaskKindCatalog AddDepartmentAssessmentKinds(this TaskKindCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.Add(MonthlyReport).Add(MonthlyReview).Add(DutyReport).Add(DutyJudging).Add(YearEndEntry).Add(InnovationConfirmation).Add(SessionScoring).Add(ReassignmentDecision);
    }
}
