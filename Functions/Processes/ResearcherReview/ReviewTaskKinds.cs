using System.Globalization;
using EduFlows.Tasks;

namespace EduFlows.Processes.ResearcherReview;

/// <summary>
/// The review's task kinds. The scheme decides most fields (an indicator per score field, a bonus rule per claim), so
/// each task carries its form built here from the review's scheme version; the kinds hold the fixed part.
/// </summary>
public static class ReviewTaskKinds
{
    /// <summary>The decisions a frontline-rotation task offers for each researcher; the office's pages word them the same.</summary>
    public static readonly IReadOnlyList<TaskFieldOption> RotationChoices =
    [
        new("vice-principal-teaching", new LocalizedText("到学校任教学副校长", "Vice principal for teaching at a school")),
        new("mid-level-leader", new LocalizedText("到学校任中层干部", "Mid-level leader at a school")),
        new("stay", new LocalizedText("留任教研员", "Stays a researcher")),
    ];

    /// <summary>自评: summary, evidence, claimed bonuses.</summary>
    public static readonly TaskKind SelfAssessment = new(
        "researcher-self-assessment",
        new LocalizedText("教研员半年自评", "Researcher's half-year self-assessment"),
        new LocalizedText("请总结本半年的工作，附上佐证材料链接，并申报加分项目（由教研室审核确认）。", "Summarise your half year, link your evidence, and claim any bonuses (the office confirms them)."),
        [
            new TaskField("summary", new LocalizedText("工作总结", "Summary"), TaskFieldType.LongText) { MaxLength = 4000 },
            new TaskField("evidence", new LocalizedText("佐证材料链接（每行一个）", "Evidence links (one per line)"), TaskFieldType.LongText, Required: false) { MaxLength = 2000 },
        ]);

    /// <summary>满意度测评: a principal rates a researcher who served their school.</summary>
    public static readonly TaskKind Survey = new(
        "researcher-satisfaction-survey",
        new LocalizedText("教研员服务满意度测评", "Satisfaction with a researcher's service"),
        new LocalizedText("请对本半年到贵校指导工作的教研员作出评价：1 分为很不满意，5 分为非常满意。", "Rate the researcher who served your school this half year: 1 is very dissatisfied, 5 very satisfied."),
        [new TaskField("comment", new LocalizedText("意见建议", "Comments"), TaskFieldType.LongText, Required: false) { MaxLength = 1000 }]);

    /// <summary>评审打分: a reviewer scores one researcher on the reviewed indicators.</summary>
    public static readonly TaskKind Scoring = new(
        "researcher-scoring",
        new LocalizedText("教研员考核评分", "Score a researcher"),
        new LocalizedText("请根据被评人的自评和过程记录，对下列指标逐项打分（不超过各项满分）。提交后可查看其他评审的打分。", "Score each indicator below from the researcher's self-assessment and records (up to each maximum). Once you submit, you can see the other reviewers' scores."),
        [new TaskField("comment", new LocalizedText("评语", "Comment"), TaskFieldType.LongText, Required: false) { MaxLength = 1000 }]);

    /// <summary>加分审核: the office confirms or rejects each claimed bonus with a reason.</summary>
    public static readonly TaskKind BonusDecision = new(
        "researcher-bonus-decision",
        new LocalizedText("教研员加分项目审核", "Confirm a researcher's bonus claims"),
        new LocalizedText("请逐项确认或驳回申报的加分项目，并说明理由。", "Confirm or reject each claimed bonus, and give the reason."),
        [new TaskField("note", new LocalizedText("备注", "Note"), TaskFieldType.Text, Required: false) { MaxLength = 500 }]);

    /// <summary>决定: the bureau decides on frontline-rotation candidates.</summary>
    public static readonly TaskKind RotationDecision = new(
        "researcher-rotation-decision",
        new LocalizedText("教研员一线轮岗决定", "Frontline rotation of researchers"),
        new LocalizedText("以下教研员年龄超过48周岁且任职满8年，按“由业务引领到一线服务”的要求列为到学校任职的人选。请逐人作出决定并说明理由。", "These researchers are over 48 with 8 or more years in post, so are listed for school posts (from leading research to frontline service). Decide for each, with the reason."),
        [new TaskField("note", new LocalizedText("备注", "Note"), TaskFieldType.Text, Required: false) { MaxLength = 500 }]);

    /// <summary>Every kind, for registration.</summary>
    public static IEnumerable<TaskKind> All => [SelfAssessment, Survey, Scoring, BonusDecision, RotationDecision];

    /// <summary>How many claims a researcher can make under one bonus rule in a half year.</summary>
    public const int ClaimsPerRule = 2;

    /// <summary>The form-field keys of the claims under a rule: "honour", "honour-2".</summary>
    public static IEnumerable<string> ClaimKeys(BonusRule rule) =>
        Enumerable.Range(1, ClaimsPerRule).Select(n => n == 1 ? rule.Id : string.Create(CultureInfo.InvariantCulture, $"{rule.Id}-{n}"));

    /// <summary>Self-assessment fields: the fixed ones and, per bonus rule, up to <see cref="ClaimsPerRule"/> claims (level and what for).</summary>
    public static IReadOnlyList<TaskField> SelfAssessmentFields(ResearcherScheme scheme) =>
    [
        .. SelfAssessment.Fields,
        .. scheme.Bonuses.SelectMany(b => ClaimKeys(b).SelectMany<string, TaskField>((key, n) =>
        [
            new TaskField(key, new LocalizedText($"申报加分：{b.Name}{(n == 0 ? string.Empty : $"（第{n + 1}项）")}", $"Bonus claimed: {IndicatorNames.En(b.Name)}{(n == 0 ? string.Empty : $" (#{n + 1})")}"), TaskFieldType.Choice, Required: false)
            {
                Options = [new(SchemeValidation.NoClaim, new LocalizedText("不申报", "None")), .. b.Levels.Select(l => new TaskFieldOption(l.Key, new LocalizedText(Level(l.Key, l.Value, false), Level(l.Key, l.Value, true))))],
            },
            new TaskField(key + "-detail", new LocalizedText($"{b.Name}：名称与文号", $"{IndicatorNames.En(b.Name)}: what and reference"), TaskFieldType.Text, Required: false) { MaxLength = 300 },
        ])),
    ];

    /// <summary>Survey fields: a 1-5 rating per satisfaction indicator, then the comment.</summary>
    public static IReadOnlyList<TaskField> SurveyFields(ResearcherScheme scheme) =>
    [
        .. scheme.Indicators.Where(i => i.Source == IndicatorSource.Satisfaction)
            .Select(i => new TaskField(i.Id, new LocalizedText($"{i.Name}（1-5）", $"{IndicatorNames.En(i.Name)} (1-5)"), TaskFieldType.Number) { Min = 1, Max = 5 }),
        .. Survey.Fields,
    ];

    /// <summary>Scoring fields: points per reviewed indicator up to its maximum, then the comment.</summary>
    public static IReadOnlyList<TaskField> ScoringFields(ResearcherScheme scheme) =>
    [
        .. scheme.Indicators.Where(i => i.Source == IndicatorSource.Reviewed)
            .Select(i => new TaskField(i.Id, new LocalizedText(string.Create(CultureInfo.InvariantCulture, $"{i.Name}（满分 {i.MaxPoints}）"), string.Create(CultureInfo.InvariantCulture, $"{IndicatorNames.En(i.Name)} (max {i.MaxPoints})")), TaskFieldType.Number) { Min = 0, Max = i.MaxPoints }),
        .. Scoring.Fields,
    ];

    /// <summary>Bonus-decision fields: per claim, confirm or reject, and the reason.</summary>
    public static IReadOnlyList<TaskField> BonusDecisionFields(IEnumerable<BonusClaim> claims, ResearcherScheme scheme) =>
    [
        .. claims.SelectMany<BonusClaim, TaskField>(c =>
        {
            string name = scheme.Bonuses.Single(b => b.Id == c.RuleId).Name;
            return
            [
                new TaskField(c.Key, new LocalizedText($"{name}（{BonusLevels.Zh(c.Level)}）：{c.Detail}", $"{name} ({BonusLevels.En(c.Level)}): {c.Detail}"), TaskFieldType.Choice)
                {
                    Options = [new(Confirmed, new LocalizedText("确认", "Confirm")), new(Rejected, new LocalizedText("驳回", "Reject"))],
                },
                new TaskField(c.Key + "-reason", new LocalizedText("理由", "Reason"), TaskFieldType.Text) { MaxLength = 300 },
            ];
        }),
        .. BonusDecision.Fields,
    ];

    /// <summary>Rotation-decision fields: per candidate, the decision and the reason.</summary>
    public static IReadOnlyList<TaskField> RotationFields(IEnumerable<RotationCandidate> candidates) =>
    [
        .. candidates.SelectMany<RotationCandidate, TaskField>(c =>
        [
            new TaskField(c.ResearcherId, new LocalizedText($"{c.Name}（{c.Age}岁，任职{c.YearsInPost}年）", $"{c.Name} (age {c.Age}, {c.YearsInPost} years in post)"), TaskFieldType.Choice)
            {
                Options = RotationChoices,
            },
            new TaskField(c.ResearcherId + "-reason", new LocalizedText("理由", "Reason"), TaskFieldType.Text) { MaxLength = 300 },
        ]),
        .. RotationDecision.Fields,
    ];

    /// <summary>The decision values of a bonus claim.</summary>
    public const string Confirmed = "confirm", Rejected = "reject";

    private static string Level(string level, decimal points, bool english) => (level, english) switch
    {
        (_, false) => $"{BonusLevels.Zh(level)}（{points} 分）",
        _ => $"{level} ({points} points)",
    };
}
