using System.Globalization;
using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;

namespace EduFlows.Processes.ResearcherReview;

/// <summary>The wording of the review's result mails (Chinese: the office and researchers read Chinese).</summary>
public static class ReviewMails
{
    // A mail is read on a phone: the full list of flags is in the results API.
    private const int MaxFlagsInMail = 10;

    /// <summary>A researcher's own result: total, rank, each A-level and secondary indicator, bonuses and flags. Nobody else's.</summary>
    public static MailContent OwnResult(StaffMember to, string review, ResearcherResult result, int reviewed, ResearcherScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(result);
        var paragraphs = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{review}结果已发布。您的总分为 {F(result.Total)} 分（基础分 {F(result.BaseScore)}，加分 {F(result.BonusPoints)}），在本学段 {reviewed} 名教研员中排名第 {result.Rank}。"),
        };
        paragraphs.AddRange(result.Flags.Select(f => "说明：" + f.Detail));
        var details = new List<KeyValuePair<string, string>>();
        foreach (var a in result.LevelA)
        {
            details.Add(new(a.Name, $"{F(a.Score)} / {F(a.Weight)}"));
            details.AddRange(result.Indicators.Where(i => i.LevelA == a.Id).Select(i => new KeyValuePair<string, string>("　" + i.Name, $"{F(i.Points)} / {F(i.MaxPoints)}（{i.Basis}{(i.Imputed ? "，缺项按规则计" : string.Empty)}）")));
        }

        details.AddRange(result.Bonuses.Select(b => new KeyValuePair<string, string>($"加分：{RuleName(scheme, b.RuleId)}（{BonusLevels.Zh(b.Level)}）", $"{Decision(b.Decision)} {F(b.Points)} 分{(b.Reason is null ? string.Empty : "：" + b.Reason)}")));
        return new MailContent("zh-CN", $"【考核结果】{review}", TaskMails.Greeting(to.Name, false), paragraphs, details, null, null, TaskMails.Footer(false));
    }

    /// <summary>The office's ranked table, with reviewers out of line and missing inputs.</summary>
    public static MailContent Ranking(StaffMember to, string review, ReviewOutcome outcome, ResearcherScheme scheme, IReadOnlyDictionary<string, string> names)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(outcome);
        var paragraphs = new List<string> { $"{review}已完成汇总，排名如下。评审分合成规则：{scheme.Panel.DescribeZh()}。" };
        if (outcome.ReviewerFlags.Count > MaxFlagsInMail)
        {
            paragraphs.Add(string.Create(CultureInfo.InvariantCulture, $"共有 {outcome.ReviewerFlags.Count} 处评分偏离提示，以下列出前 {MaxFlagsInMail} 处，全部见考核结果接口。"));
        }

        paragraphs.AddRange(outcome.ReviewerFlags.Take(MaxFlagsInMail).Select(f => string.Create(CultureInfo.InvariantCulture, $"评分偏离提示：评审{names.GetValueOrDefault(f.ReviewerId, f.ReviewerId)}对{names.GetValueOrDefault(f.ResearcherId, f.ResearcherId)}的“{scheme.Indicators.FirstOrDefault(i => i.Id == f.IndicatorId)?.Name ?? f.IndicatorId}”打 {F(f.Points)} 分，其他评审平均 {F(f.OthersMean)} 分。")));
        paragraphs.AddRange(outcome.Ranked.SelectMany(r => r.Flags.Select(f => $"缺项：{r.Name} — {f.Detail}")));
        var details = outcome.Ranked.Select(r => new KeyValuePair<string, string>(
            string.Create(CultureInfo.InvariantCulture, $"第 {r.Rank} 名 {r.Name}"),
            string.Create(CultureInfo.InvariantCulture, $"{F(r.Total)} 分（基础 {F(r.BaseScore)} + 加分 {F(r.BonusPoints)}）"))).ToList();
        // The ranking is what the office opens the mail for: it comes right after the opening line, the flags after it.
        return new MailContent("zh-CN", $"【考核汇总】{review}排名", TaskMails.Greeting(to.Name, false), paragraphs, details, null, null, TaskMails.Footer(false)) { ParagraphsBeforeDetails = 1 };
    }

    /// <summary>The office's notice as scoring closes: how many scorings came in, and each reviewer's missing ones.</summary>
    public static MailContent ScoringClosed(StaffMember to, ResearcherReviewActivities.ScoringClosedInput input)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(input);
        int missing = input.Unscored.Count;
        string opening = string.Create(CultureInfo.InvariantCulture, $"{input.Review}评审评分已截止：应交 {input.Expected} 份，已交 {input.Expected - missing} 份")
            + (missing == 0 ? "，全部按时提交。" : string.Create(CultureInfo.InvariantCulture, $"，{missing} 份逾期未交，未交的评分不计入。"));
        var details = input.Unscored.GroupBy(u => u.Reviewer, StringComparer.Ordinal)
            .Select(g => new KeyValuePair<string, string>($"评审{g.Key}未评", string.Join("、", g.Select(u => u.Researcher))))
            .ToList();
        return new MailContent("zh-CN", $"【评分截止】{input.Review}", TaskMails.Greeting(to.Name, false), [opening, "加分审核随后开始，结果发布时另行通知。"], details, null, null, TaskMails.Footer(false)) { ParagraphsBeforeDetails = 1 };
    }

    private static string Decision(string decision) => decision switch
    {
        "confirmed" => "已确认",
        "rejected" => "已驳回",
        _ => "未审核",
    };

    private static string RuleName(ResearcherScheme scheme, string ruleId) => scheme.Bonuses.FirstOrDefault(b => b.Id == ruleId)?.Name ?? ruleId;

    private static string F(decimal value) => ResearcherReviewActivities.Format(value);
}
