using System.Globalization;
using EduFlows.Notifications;
using EduFlows.Tasks;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>The wording of the assessment's mails without a form (summaries, results, notices), in Chinese.</summary>
public static class AssessmentMails
{
    /// <summary>Template names.</summary>
    public const string MonthlySummary = "dept-monthly-summary", YearResults = "dept-year-results", ReassignmentNotice = "dept-reassignment-notice",
        ReassignmentOverdueNotice = "dept-reassignment-overdue";

    /// <summary>The monthly summary for a bureau leader: every department's standing, send-backs and risks.</summary>
    public static MailContent Monthly(string leaderName, int year, int month, IReadOnlyList<MonthlyReport> reports, IReadOnlyDictionary<string, string> departmentNames)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(departmentNames);
        int onTime = reports.Count(r => r.Standing == ReportStanding.OnTime), late = reports.Count(r => r.Standing == ReportStanding.Late), missing = reports.Count(r => r.Standing == ReportStanding.Missing);
        var paragraphs = new List<string>
        {
            $"{year}年{month}月工作调度已结束：{reports.Count}个科室中按时报送{onTime}个，逾期报送{late}个，未报送{missing}个，退回修改共{reports.Sum(r => r.ReworkRounds)}次。",
        };
        paragraphs.AddRange(reports.OrderBy(r => r.DepartmentId, StringComparer.Ordinal).Select(r =>
            $"{Name(departmentNames, r.DepartmentId)}：{Standing(r.Standing)}" + (r.ReworkRounds > 0 ? $"，退回{r.ReworkRounds}次" : string.Empty)
            + (r.Deduction > 0 ? $"，扣{Points(r.Deduction)}分" : string.Empty) + (string.IsNullOrWhiteSpace(r.Risks) ? string.Empty : $"。风险：{r.Risks}")));
        return new MailContent(
            "zh-CN",
            $"【月度调度】{year}年{month}月科室工作调度汇总",
            TaskMails.Greeting(leaderName, false),
            paragraphs,
            [new("按时", onTime.ToString(CultureInfo.InvariantCulture)), new("逾期", late.ToString(CultureInfo.InvariantCulture)), new("未报送", missing.ToString(CultureInfo.InvariantCulture))],
            null,
            null,
            TaskMails.Footer(false));
    }

    /// <summary>The published year results, ranked.</summary>
    public static MailContent Results(string name, int year, IReadOnlyList<YearResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return new MailContent(
            "zh-CN",
            $"【考核结果】{year}年度科室千分考核结果",
            TaskMails.Greeting(name, false),
            [
                $"{year}年度科室千分考核（底线+创新+满意度）结果如下：",
                .. results.OrderBy(r => r.Score.Rank).ThenBy(r => r.DepartmentId, StringComparer.Ordinal).Select(r =>
                    $"第{r.Score.Rank}名 {r.DepartmentName}：{Points(r.Score.Total)}分（底线{Points(r.Score.Baseline)}，创新{Points(r.Score.Innovation)}，满意度{Points(r.Score.Satisfaction)}）" + (r.Score.Last ? "（末位）" : string.Empty)),
            ],
            [],
            null,
            null,
            TaskMails.Footer(false));
    }

    /// <summary>Tells a leader or the organisation office that a head was last two years running.</summary>
    public static MailContent Reassignment(string name, ReassignmentCase found, string headName)
    {
        ArgumentNullException.ThrowIfNull(found);
        return new MailContent(
            "zh-CN",
            $"【末位调整】{found.DepartmentName}连续两年考核末位",
            TaskMails.Greeting(name, false),
            [
                $"{found.DepartmentName}在{found.Year - 1}年度（{Points(found.PreviousTotal)}分）和{found.Year}年度（{Points(found.Total)}分）千分考核中均居末位，负责人{headName}两年均在任。",
                "按照“连续两年处在末位的科室负责人调离原岗位”的规定，已向局长发出调整决定任务，决定结果将记录在案。",
            ],
            [new("科室", found.DepartmentName), new("负责人", headName)],
            null,
            null,
            TaskMails.Footer(false));
    }

    /// <summary>Tells a leader or the organisation office that no decision was taken on a head last two years running.</summary>
    public static MailContent ReassignmentOverdue(string name, ReassignmentCase found, string headName)
    {
        ArgumentNullException.ThrowIfNull(found);
        return new MailContent(
            "zh-CN",
            $"【末位调整逾期】{found.DepartmentName}负责人调整决定逾期未作出",
            TaskMails.Greeting(name, false),
            [
                $"{found.DepartmentName}连续两年（{found.Year - 1}、{found.Year}年度）考核末位，负责人{headName}的调整决定任务已发出{ReassignmentDecision.MaxRounds}次，均未作出决定。",
                "该事项已记录为“逾期”，请局领导和组织人事科督促办理。",
            ],
            [new("科室", found.DepartmentName), new("负责人", headName), new("状态", "逾期未决定")],
            null,
            null,
            TaskMails.Footer(false));
    }

    /// <summary>"按时报送", "逾期报送", "未报送".</summary>
    public static string Standing(ReportStanding standing) => standing switch
    {
        ReportStanding.OnTime => "按时报送",
        ReportStanding.Late => "逾期报送",
        _ => "未报送",
    };

    private static string Name(IReadOnlyDictionary<string, string> names, string id) => names.TryGetValue(id, out var name) ? name : id;

    private static string Points(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
