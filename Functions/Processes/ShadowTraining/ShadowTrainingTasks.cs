using EduFlows.Tasks;

namespace EduFlows.Processes.ShadowTraining;

/// <summary>The e-mailed tasks of a shadow-training week.</summary>
public static class ShadowTrainingTasks
{
    /// <summary>The areas the mentor scores (0–100 each); the evaluation average is their mean.</summary>
    public static readonly IReadOnlyList<TaskField> EvaluationAreas =
    [
        Score("management", "日常管理", "Daily management"),
        Score("teaching", "教育教学", "Teaching and learning"),
        Score("culture", "文化建设", "School culture"),
        Score("innovation", "教育创新", "Innovation in education"),
    ];

    /// <summary>The trainee confirms attendance or asks to defer to a later batch.</summary>
    public static readonly TaskKind Confirmation = new(
        "shadow-confirmation",
        new LocalizedText("影子培训参训确认", "Confirm your shadow-training week"),
        new LocalizedText("您已被安排参加影子培训（脱产一周）。请确认参训；如确有困难，可申请延期至后续批次，由教育局审核。", "You are placed for a week of full-time shadow training. Please confirm, or ask to defer to a later batch (the bureau decides)."),
        [
            new TaskField("decision", new LocalizedText("参训安排", "Your answer"), TaskFieldType.Choice)
            {
                Options = [new TaskFieldOption("attend", new LocalizedText("按时参训", "I will attend")), new TaskFieldOption("defer", new LocalizedText("申请延期", "I ask to defer"))],
            },
            new TaskField("reason", new LocalizedText("延期理由", "Reason for deferring"), TaskFieldType.LongText, Required: false) { MaxLength = 500 },
        ]);

    /// <summary>The batch owner grants or declines a trainee's request to defer (the trainee's reason is shown with the task).</summary>
    public static readonly TaskKind DeferralReview = new(
        "shadow-deferral",
        new LocalizedText("影子培训延期申请审核", "Decide a shadow-training deferral request"),
        new LocalizedText("学员申请延期至后续批次，理由见上。请决定是否同意；培训周开始前未作决定的，按同意处理。", "A trainee asks to defer to a later batch (reason above). Please decide; a request still undecided when the week starts is granted."),
        [
            new TaskField("decision", new LocalizedText("审核结果", "Decision"), TaskFieldType.Choice)
            {
                Options = [new TaskFieldOption("approve", new LocalizedText("同意延期", "Grant the deferral")), new TaskFieldOption("decline", new LocalizedText("不同意，按原安排参训", "Decline: attend as placed"))],
            },
            new TaskField("note", new LocalizedText("说明（发给学员）", "Note to the trainee"), TaskFieldType.LongText, Required: false) { MaxLength = DeferralDecision.MaxNoteLength },
        ]);

    /// <summary>The mentor records one day's attendance of one trainee.</summary>
    public static readonly TaskKind Attendance = new(
        "shadow-attendance",
        new LocalizedText("影子培训考勤", "Shadow-training attendance"),
        new LocalizedText("请登记该学员今日的出勤情况。未登记的日期按缺勤计。", "Please record the trainee's attendance today. A day not recorded counts as absent."),
        [
            new TaskField("attendance", new LocalizedText("出勤", "Attendance"), TaskFieldType.Choice)
            {
                Options = [new TaskFieldOption("present", new LocalizedText("出勤", "Present")), new TaskFieldOption("absent", new LocalizedText("缺勤", "Absent"))],
            },
            new TaskField("note", new LocalizedText("备注", "Note"), TaskFieldType.Text, Required: false) { MaxLength = 200 },
        ]);

    /// <summary>The trainee's journal on the day's theme.</summary>
    public static readonly TaskKind Journal = new(
        "shadow-journal",
        new LocalizedText("影子培训日志", "Shadow-training journal"),
        new LocalizedText("请围绕今日主题撰写培训日志：所见、所思、可借鉴之处。", "Please write today's journal on the day's theme: what you saw, what you think, what you will take home."),
        [new TaskField("journal", new LocalizedText("培训日志", "Journal"), TaskFieldType.LongText) { MaxLength = 4000 }]);

    /// <summary>The mentor's end-of-week evaluation.</summary>
    public static readonly TaskKind Evaluation = new(
        "shadow-evaluation",
        new LocalizedText("影子培训学员评价", "Evaluate a shadow trainee"),
        new LocalizedText("请对学员本周的表现逐项打分（0–100）并填写评语。", "Please score the trainee's week in each area (0–100) and add a comment."),
        [.. EvaluationAreas, new TaskField("comment", new LocalizedText("评语", "Comment"), TaskFieldType.LongText) { MaxLength = 1000 }]);

    /// <summary>The trainee's end-of-week summary.</summary>
    public static readonly TaskKind Summary = new(
        "shadow-summary",
        new LocalizedText("影子培训总结", "Shadow-training summary"),
        new LocalizedText("请提交本周影子培训的个人总结。", "Please hand in your summary of the shadow-training week."),
        [new TaskField("summary", new LocalizedText("培训总结", "Summary"), TaskFieldType.LongText) { MaxLength = 8000 }]);

    /// <summary>Registers the kinds.</summary>
    public static TaskKindCatalog AddShadowTraining(this TaskKindCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.Add(Confirmation).Add(DeferralReview).Add(Attendance).Add(Journal).Add(Evaluation).Add(Summary);
    }

    private static TaskField Score(string name, string zh, string en) => new(name, new LocalizedText(zh, en), TaskFieldType.Number) { Min = 0, Max = 100 };
}
