using System.Globalization;
using EduFlows.Notifications;
using EduFlows.StaffDirectory;

namespace EduFlows.Processes.Secondment;

/// <summary>
/// The mails that tell the person and both units' heads how an assignment ended: back home (on which day, to which unit
/// and post), staying at the host, after an extension (until when), or stopped (when, the office's reason, where the
/// person is), and each extension granted (which one, until when, why). Each goes out once: its outbox id is fixed by
/// the assignment, the end (or the extension) and the recipient.
/// </summary>
public static class SecondmentMails
{
    /// <summary>The line under every secondment mail.</summary>
    public const string Footer = "青州市教育局 · 交流挂职 · EduFlows 自动发送，请勿直接回复。";

    /// <summary>Who is told of the end: the person and the heads of both units (each once).</summary>
    public static IReadOnlyList<string> Recipients(SecondmentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return [.. new[] { plan.PersonId, plan.Home.HeadId, plan.Host.HeadId }.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The outbox id of the mail about an assignment's end by its course (the end day in it: an id used again after a purge is a new end).</summary>
    public static string EndedId(SecondmentPlan plan, DateOnly endDay, string staffId) =>
        $"{plan?.InstanceId}.ended-{endDay:yyyyMMdd}.{staffId}";

    /// <summary>The outbox id of the mail about the <paramref name="number"/>th extension (the new end day in it too: an id used again after a purge is a new extension).</summary>
    public static string ExtendedId(SecondmentPlan plan, int number, DateOnly endDay, string staffId) =>
        $"{plan?.InstanceId}.extended-{number}-{endDay:yyyyMMdd}.{staffId}";

    /// <summary>The outbox id of the mail about a stop (<paramref name="end"/> names the stop as the audit does: stage and time).</summary>
    public static string StoppedId(SecondmentPlan plan, string end, string staffId) =>
        $"{plan?.InstanceId}.{end}.{staffId}";

    /// <summary>"钱科员的挂职锻炼期满，于2027-12-14返回组织人事科，任机关干部。" and what came before: the extension, the decisions, the grades.</summary>
    /// <param name="plan">The assignment.</param>
    /// <param name="state">Where it ended: returned or stayed.</param>
    /// <param name="moveRecorded">Whether the directory kept the end day's move (false when it does not hold the person).</param>
    /// <param name="toName">The recipient's name, for the greeting.</param>
    public static MailContent Ended(SecondmentPlan plan, SecondmentState state, bool moveRecorded, string toName)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(state);
        string kind = SecondmentKinds.Zh(plan.Kind);
        bool stayed = state.Stage == SecondmentStages.Stayed;
        var endDay = SecondmentRules.EndDay(plan.Start, state.TotalMonths);
        var paragraphs = new List<string>
        {
            stayed
                ? $"{plan.PersonName}到{plan.Host.Name}的{kind}已期满，经决定自{Day(endDay)}起留任{plan.Host.Name}，任{plan.Role}。"
                : $"{plan.PersonName}到{plan.Host.Name}的{kind}已期满，于{Day(endDay)}返回{plan.Home.Name}，任{PostZh(plan.HomePost)}。",
        };
        if (state.Extensions > 0)
        {
            paragraphs.Add($"原定{plan.Months}个月（至{Day(SecondmentRules.EndDay(plan.Start, plan.Months).AddDays(-1))}），经延期{state.Extensions}次延至{Day(endDay.AddDays(-1))}，共{state.TotalMonths}个月。");
        }

        paragraphs.Add(moveRecorded ? "名录已记录本次调动。" : $"名录中未找到{plan.PersonName}，本次调动未记入名录，请在名录中办理。");
        List<KeyValuePair<string, string>> details =
        [
            .. Who(plan),
            new("期限", $"{Day(plan.Start)} 至 {Day(endDay.AddDays(-1))}，共{state.TotalMonths}个月"),
            new("结果", SecondmentStages.Zh(state.Stage)),
        ];
        details.AddRange(state.Decisions.Select((line, i) => new KeyValuePair<string, string>(state.Decisions.Count > 1 ? $"去留决定（第{i + 1}次）" : "去留决定", line)));
        details.Add(new("中期评价", SecondmentTasks.GradeZh(state.MidTermGrade)));
        details.Add(new("期满评价", SecondmentTasks.GradeZh(state.FinalGrade)));
        return new MailContent(
            "zh-CN",
            stayed ? $"{kind}期满留任：{plan.PersonName} · {plan.Host.Name}" : $"{kind}期满返回：{plan.PersonName} · {plan.Home.Name}",
            $"{toName}：",
            paragraphs,
            details,
            null,
            null,
            Footer);
    }

    /// <summary>
    /// "钱科员到旗城学校的挂职锻炼经赵主任决定延期3个月（第1次延期），延至2027-12-13（北京时间）。" with the owner's reason
    /// when one was given, the first and the new term, and that the return-or-extend decision comes again before the new end.
    /// </summary>
    /// <param name="extended">The extension granted, with the state it left.</param>
    /// <param name="toName">The recipient's name, for the greeting.</param>
    public static MailContent Extension(SecondmentExtended extended, string toName)
    {
        ArgumentNullException.ThrowIfNull(extended);
        var (plan, state) = (extended.Plan, extended.State);
        string kind = SecondmentKinds.Zh(plan.Kind);
        var lastDay = SecondmentRules.EndDay(plan.Start, state.TotalMonths).AddDays(-1);
        string zone = EduFlows.Tasks.BureauClock.NameZh(plan.TimeZone);
        var paragraphs = new List<string>
        {
            $"{plan.PersonName}到{plan.Host.Name}的{kind}经{SecondmentLines.Decider(plan)}决定延期{extended.Months}个月（第{state.Extensions}次延期），延至{Day(lastDay)}（{zone}）。",
        };
        if (extended.Reason is { Length: > 0 } reason)
        {
            paragraphs.Add($"延期理由：{reason}");
        }

        paragraphs.Add($"{plan.PersonName}在延期期间仍在{plan.Host.Name}任{plan.Role}；新的期满前一个月，将再次决定返回或留任。");
        List<KeyValuePair<string, string>> details =
        [
            .. Who(plan),
            new("原定期限", $"{Day(plan.Start)} 至 {Day(SecondmentRules.EndDay(plan.Start, plan.Months).AddDays(-1))}，共{plan.Months}个月"),
            new("本次延期", $"第{state.Extensions}次，{extended.Months}个月"),
            new("延期后期限", $"{Day(plan.Start)} 至 {Day(lastDay)}（{zone}），共{state.TotalMonths}个月"),
        ];
        if (extended.Reason is { Length: > 0 } why)
        {
            details.Add(new("延期理由", why));
        }

        return new MailContent(
            "zh-CN",
            $"{kind}延期：{plan.PersonName} · {plan.Host.Name}（第{state.Extensions}次延期）",
            $"{toName}：",
            paragraphs,
            details,
            null,
            null,
            Footer);
    }

    /// <summary>The mail about a stop: the line of <see cref="SecondmentEnds.Line"/> (when, why, where the person is) and the office's reason.</summary>
    /// <param name="plan">The assignment.</param>
    /// <param name="state">Where it stood when it stopped.</param>
    /// <param name="terminated">True when the office (or an operator) terminated it, false when it failed.</param>
    /// <param name="reason">The reason given to terminate it, if any.</param>
    /// <param name="line">The stop's line, as the record and the audit keep it.</param>
    /// <param name="toName">The recipient's name, for the greeting.</param>
    public static MailContent Stopped(SecondmentPlan plan, SecondmentState state, bool terminated, string? reason, string line, string toName)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(state);
        string kind = SecondmentKinds.Zh(plan.Kind);
        string why = terminated
            ? string.IsNullOrWhiteSpace(reason) ? "教育局终止，未说明原因" : reason.Trim()
            : "流程运行出错，无法继续";
        return new MailContent(
            "zh-CN",
            $"{kind}中止：{plan.PersonName} · {plan.Host.Name}",
            $"{toName}：",
            [
                $"教育局安排{plan.PersonName}到{plan.Host.Name}任{plan.Role}的{kind}已中止（{SecondmentStages.Zh(terminated ? SecondmentStages.Terminated : SecondmentStages.Failed)}）。",
                line,
                $"如有疑问，请与{SecondmentLines.Decider(plan)}联系。",
            ],
            [
                .. Who(plan),
                new("原定期限", $"{Day(plan.Start)}起，{Math.Max(plan.Months, state.TotalMonths)}个月"),
                new("中止时状态", SecondmentStages.Zh(state.Stage)),
                new("中止原因", why),
            ],
            null,
            null,
            Footer);
    }

    /// <summary>The mail that says an assignment was not agreed (to the person, both heads and the owner), with each answer.</summary>
    /// <param name="declined">The assignment as proposed and who answered what.</param>
    /// <param name="toName">The recipient's name.</param>
    public static MailContent Declined(SecondmentDeclined declined, string toName)
    {
        ArgumentNullException.ThrowIfNull(declined);
        var plan = declined.Plan;
        string kind = SecondmentKinds.Zh(plan.Kind);
        return new MailContent(
            "zh-CN",
            $"{kind}未获同意：{plan.PersonName} · {plan.Host.Name}",
            $"{toName}：",
            [
                $"教育局拟安排{plan.PersonName}到{plan.Host.Name}任{plan.Role}（{kind}），因本人、派出单位和接收单位未全部同意，不予实施。",
                $"{plan.PersonName}的单位和岗位不变，名录中不作调动。",
            ],
            [
                new("类别", kind),
                new("人员", plan.PersonName),
                new("派出单位", plan.Home.Name),
                new("接收单位", plan.Host.Name),
                new("拟任岗位", plan.Role),
                new("拟定期限", $"{Day(plan.Start)}起，{plan.Months}个月"),
                .. declined.Answers.Select(a => new KeyValuePair<string, string>(a.Key + "意见", a.Value)),
            ],
            null,
            null,
            Footer);
    }

    // Who and where, the first details of every mail about an assignment.
    private static IEnumerable<KeyValuePair<string, string>> Who(SecondmentPlan plan) =>
    [
        new("类别", SecondmentKinds.Zh(plan.Kind)),
        new("人员", plan.PersonName),
        new("派出单位", plan.Home.Name),
        new("接收单位", $"{plan.Host.Name}（{plan.Role}）"),
    ];


    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string PostZh(string post) => DirectoryVocabulary.PostNames.GetValueOrDefault(post, "原岗位");
}
