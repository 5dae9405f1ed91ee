using EduFlows.Notifications;

namespace EduFlows.Tasks;

/// <summary>The wording of every task mail, in Chinese and English; the layout is <see cref="Notifications.Templates.StandardMail"/>.</summary>
public static class TaskMails
{
    /// <summary>The mail purposes and their template names.</summary>
    public const string Assigned = "task-assigned", Reminder = "task-reminder", Escalated = "task-escalated", Undelivered = "task-undelivered";

    /// <summary>A new task for its assignee.</summary>
    public static MailContent ForAssignee(StaffTask task, TaskKind kind, Uri link, BureauClock clock, string? lateAssigneeName = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(clock);
        bool en = Languages.IsEnglish(task.Culture);
        string title = kind.Title.For(task.Culture);
        string due = clock.Format(task.DueAt), zone = clock.ZoneName(task.Culture);
        var paragraphs = new List<string>();
        if (lateAssigneeName is not null)
        {
            paragraphs.Add(en
                ? $"{lateAssigneeName} did not complete this task by its due time, so it has been passed to you as their supervisor."
                : $"{lateAssigneeName}未在截止时间前完成以下任务，现转由您（上级负责人）处理。");
        }

        paragraphs.Add(kind.Instructions.For(task.Culture));
        paragraphs.Add(en ? "Open the link below on your phone or computer; the form takes a few minutes." : "请点击下方链接，在手机或电脑上填写表单，约需几分钟。");
        return new MailContent(
            task.Culture,
            lateAssigneeName is not null
                ? (en ? $"[Escalated] {lateAssigneeName} is late: {title}" : $"【转办】{lateAssigneeName}逾期未办：{title}")
                : (en ? $"[Task] {title} (due {due} {zone})" : $"【待办】{title}（{zone} {due} 截止）"),
            Greeting(task.AssigneeName, en),
            paragraphs,
            Details(task, title, clock.FormatForStaff(task.DueAt, task.Culture), en),
            en ? "Open the task" : "打开任务",
            link,
            Footer(en));
    }

    /// <summary>A reminder that a task is still open.</summary>
    public static MailContent Reminding(StaffTask task, TaskKind kind, Uri link, BureauClock clock)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(clock);
        bool en = Languages.IsEnglish(task.Culture);
        string title = kind.Title.For(task.Culture);
        string due = clock.Format(task.DueAt), zone = clock.ZoneName(task.Culture);
        return new MailContent(
            task.Culture,
            en ? $"[Reminder] {title} is due {due} ({zone})" : $"【提醒】{title}将于{zone} {due} 截止",
            Greeting(task.AssigneeName, en),
            [task.EscalatesTo is not null
                ? (en ? "This task is still waiting for your answer. After the due time the link stops working and the task goes to your supervisor." : "以下任务尚未完成。截止后链接将失效，任务将转交您的上级负责人。")
                : (en ? "This task is still waiting for your answer. After the due time the link stops working and it can no longer be answered." : "以下任务尚未完成。截止后链接将失效，无法再提交。")],
            Details(task, title, clock.FormatForStaff(task.DueAt, task.Culture), en),
            en ? "Open the task" : "打开任务",
            link,
            Footer(en));
    }

    /// <summary>
    /// The most characters of task lines (subjects and links) one digest lists: the mail is stored as one outbox row,
    /// text and HTML together, which holds at most 32K characters; 200 objection reviews would need 140K.
    /// </summary>
    public const int DigestListedChars = 6_000;

    /// <summary>
    /// One reminder for several open tasks of one kind, one person and one due time (e.g. a reviewer's scoring of each
    /// researcher): each task with its link and due time, and a link to /api/me where they are all listed. Past
    /// <see cref="DigestListedChars"/> the rest are counted, not listed: /api/me lists them.
    /// </summary>
    public static MailContent RemindingAll(IReadOnlyList<StaffTask> tasks, TaskKind kind, IReadOnlyList<Uri> links, Uri mine, BureauClock clock)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(clock);
        int listed = 0;
        for (int chars = 0; listed < tasks.Count; listed++)
        {
            chars += tasks[listed].Subject.Length + links[listed].OriginalString.Length;
            if (chars > DigestListedChars && listed > 0)
            {
                break;
            }
        }

        int unlisted = tasks.Count - listed;
        var first = tasks[0];
        bool en = Languages.IsEnglish(first.Culture);
        string title = kind.Title.For(first.Culture);
        string due = clock.Format(first.DueAt), zone = clock.ZoneName(first.Culture);
        string escalates = first.EscalatesTo is not null
            ? (en ? " After the due time the links stop working and the tasks go to your supervisor." : "截止后链接将失效，任务将转交您的上级负责人。")
            : (en ? " After the due time the links stop working and they can no longer be answered." : "截止后链接将失效，无法再提交。");
        return new MailContent(
            first.Culture,
            en ? $"[Reminder] {tasks.Count} tasks \"{title}\" are due {due} ({zone})" : $"【提醒】您有 {tasks.Count} 项“{title}”将于{zone} {due} 截止",
            Greeting(first.AssigneeName, en),
            [
                (en ? $"These {tasks.Count} tasks are still waiting for your answer." : $"以下 {tasks.Count} 项任务尚未完成。") + escalates,
                .. unlisted == 0 ? Array.Empty<string>() : [en
                    ? $"The first {listed} are listed below; the other {unlisted} are under \"See all my tasks\"."
                    : $"下列为其中 {listed} 项，其余 {unlisted} 项请点击“查看我的全部待办”办理。"],
            ],
            [.. tasks.Take(listed).Select(t => new KeyValuePair<string, string>(
                t.Subject,
                en ? $"due {clock.FormatForStaff(t.DueAt, t.Culture)}" : $"截止 {clock.FormatForStaff(t.DueAt, t.Culture)}"))],
            en ? "See all my tasks" : "查看我的全部待办",
            mine,
            Footer(en))
        {
            // A short label in the HTML: the token link itself is hundreds of characters; the plain text keeps it.
            DetailLinks = [.. links.Take(listed).Select(l => new MailLink(en ? "Open this task" : "办理此项", l))],
        };
    }

    /// <summary>Tells the process owner, in the owner's language, that a task could not reach its assignee.</summary>
    /// <param name="task">The task not delivered.</param>
    /// <param name="kind">Its kind.</param>
    /// <param name="ownerName">The owner's name.</param>
    /// <param name="ownerCulture">The owner's language ("zh-CN" or "en"): the mail is theirs, whatever language the task was given in.</param>
    /// <param name="reason">Why it was not delivered.</param>
    /// <param name="clock">The bureau's clock.</param>
    public static MailContent Undeliverable(StaffTask task, TaskKind kind, string ownerName, string ownerCulture, string reason, BureauClock clock)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(clock);
        string culture = Languages.Normalize(ownerCulture);
        bool en = Languages.IsEnglish(culture);
        string title = kind.Title.For(culture);
        return new MailContent(
            culture,
            en ? $"[Not delivered] {task.AssigneeName} did not get: {title}" : $"【投递失败】{task.AssigneeName}未收到任务：{title}",
            Greeting(ownerName, en),
            [
                en ? $"The task below could not be e-mailed to {task.AssigneeName} ({task.AssigneeId}). Please give it to them another way or correct their e-mail address in the directory."
                   : $"以下任务未能通过电子邮件送达{task.AssigneeName}（{task.AssigneeId}）。请通过其他方式通知本人，或在人员名录中更正其邮箱地址。",
                (en ? "Reason: " : "原因：") + reason,
            ],
            Details(task, title, clock.FormatForStaff(task.DueAt, culture), en),
            null,
            null,
            Footer(en));
    }

    internal static string Greeting(string name, bool en) => en ? $"Dear {name}," : $"{name}老师：";

    internal static string Footer(bool en) =>
        en ? "Qingzhou Education Bureau · sent by EduFlows; please do not reply to this message." : "青州市教育局 · EduFlows 自动发送，请勿直接回复。";

    private static List<KeyValuePair<string, string>> Details(StaffTask task, string title, string due, bool en) =>
    [
        new(en ? "Task" : "任务", title),
        new(en ? "About" : "事项", task.Subject),
        new(en ? "Due" : "截止时间", due),
    ];
}
