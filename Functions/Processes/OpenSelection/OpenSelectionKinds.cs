using EduFlows.Tasks;

namespace EduFlows.Processes.OpenSelection;

/// <summary>The e-mailed tasks of an open selection: the office's eligibility review, inspection and objection answers, and the judges' score sheets.</summary>
public static class OpenSelectionKinds
{
    /// <summary>The organisation office's decision on one applicant (资格审查), with its reason.</summary>
    public static readonly TaskKind Eligibility = new(
        "open-selection-eligibility",
        new LocalizedText("阳光选优资格审查", "Open selection: eligibility review"),
        new LocalizedText("请对照公告的资格条件审查这位报名人（系统核对结果见上），作出决定并写明理由；理由会告知本人。不通过的，本人可在审查期内补正一次。", "Please review this applicant against the announced conditions (the system's check is shown above) and give your decision with a reason; the applicant is told. A refused applicant may send one correction while the review is open."),
        [
            new TaskField("decision", new LocalizedText("审查结果", "Decision"), TaskFieldType.Choice)
            {
                Options = [new TaskFieldOption("eligible", new LocalizedText("资格审查通过", "Eligible")), new TaskFieldOption("ineligible", new LocalizedText("资格审查不通过", "Not eligible"))],
            },
            new TaskField("reason", new LocalizedText("理由", "Reason"), TaskFieldType.LongText) { MaxLength = 500 },
        ]);

    /// <summary>The judge's score sheet on the interview day; the form's fields are the day's interviewees (one score each).</summary>
    public static readonly TaskKind InterviewScores = new(
        "open-selection-interview",
        new LocalizedText("阳光选优面试评分", "Open selection: interview scores"),
        new LocalizedText("请为每位面试人打分（0 至 100 分，最多一位小数）。提交后可看到其他评委的评分；提交后不能更改。链接仅面试当天有效。", "Please score each interviewee (0 to 100, at most one decimal). Once you submit you can see the other judges' scores; you cannot change yours. The link works on the interview day only."),
        [new TaskField("score1", new LocalizedText("评分", "Score"), TaskFieldType.Number) { Min = 0, Max = 100 }]);

    /// <summary>The inspection (考察) of one proposed candidate.</summary>
    public static readonly TaskKind Inspection = new(
        "open-selection-inspection",
        new LocalizedText("阳光选优考察", "Open selection: inspection"),
        new LocalizedText("请对这位拟任人选进行考察，记录考察结果和意见。考察不合格的，取消其资格，由同岗位下一名依次递补。", "Please inspect this proposed candidate and record the outcome. A candidate who fails is removed and the next on the post's list moves up."),
        [
            new TaskField("outcome", new LocalizedText("考察结果", "Outcome"), TaskFieldType.Choice)
            {
                Options = [new TaskFieldOption("passed", new LocalizedText("考察合格", "Passed")), new TaskFieldOption("failed", new LocalizedText("考察不合格", "Failed"))],
            },
            new TaskField("note", new LocalizedText("考察意见", "Inspection note"), TaskFieldType.LongText) { MaxLength = 2000 },
        ]);

    /// <summary>The office's answer to one objection raised during the public notice.</summary>
    public static readonly TaskKind ObjectionAnswer = new(
        "open-selection-objection",
        new LocalizedText("阳光选优公示异议核查", "Open selection: answer an objection"),
        new LocalizedText("公示期间收到对拟任人选的异议（内容见上）。请核查并记录核查结果。异议成立的，取消该人选资格，由同岗位下一名递补。", "An objection to a proposed candidate was received during the notice (see above). Please look into it and record the answer. An upheld objection removes the candidate; the next on the post's list moves up."),
        [
            new TaskField("finding", new LocalizedText("核查结论", "Finding"), TaskFieldType.Choice)
            {
                Options = [new TaskFieldOption("upheld", new LocalizedText("异议成立", "Upheld")), new TaskFieldOption("rejected", new LocalizedText("异议不成立", "Rejected"))],
            },
            new TaskField("answer", new LocalizedText("核查结果", "Answer"), TaskFieldType.LongText) { MaxLength = 2000 },
        ]);

    /// <summary>Registers the kinds.</summary>
    public static TaskKindCatalog AddOpenSelection(this TaskKindCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.Add(Eligibility).Add(InterviewScores).Add(Inspection).Add(ObjectionAnswer);
    }
}
