namespace EduFlows.Tasks;

/// <summary>
/// What a staff task's durable timer is for, as the instance publishes it (<see cref="Durable.TimerStatus"/>) and the office
/// home shows it: "任务到期：关于期末考试安排的通知（王芳）", and for a window's instant "3 项任务到期，如：…；催办提醒：…".
/// </summary>
/// <remarks>One wording for a single task (<see cref="StaffTaskOrchestration"/>), a window of tasks (<see cref="StaffTaskWindow"/>) and a timer read from a history.</remarks>
internal static class TaskTimerPurpose
{
    /// <summary>A task's subject and whom it is for: "subject（name）", or the subject alone when the name is unknown.</summary>
    public static (string Zh, string En) Named(string subject, string? assigneeName) =>
        assigneeName is { } name ? ($"{subject}（{name}）", $"{subject} ({name})") : (subject, subject);

    /// <summary>One instant: the tasks due then and those reminded then, each kind named by its first task; empty when neither.</summary>
    /// <param name="due">The tasks due, by <see cref="Named"/>, in the order to name them.</param>
    /// <param name="reminded">The tasks reminded.</param>
    public static (string Zh, string En) Of(IReadOnlyList<(string Zh, string En)> due, IReadOnlyList<(string Zh, string En)> reminded)
    {
        var zh = new List<string>();
        var en = new List<string>();
        if (due.Count > 0)
        {
            zh.Add(due.Count == 1 ? $"任务到期：{due[0].Zh}" : $"{due.Count} 项任务到期，如：{due[0].Zh}");
            en.Add(due.Count == 1 ? $"Task due: {due[0].En}" : $"{due.Count} tasks due, e.g. {due[0].En}");
        }

        if (reminded.Count > 0)
        {
            zh.Add(reminded.Count == 1 ? $"催办提醒：{reminded[0].Zh}" : $"{reminded.Count} 项任务催办提醒，如：{reminded[0].Zh}");
            en.Add(reminded.Count == 1 ? $"Reminder: {reminded[0].En}" : $"{reminded.Count} task reminders, e.g. {reminded[0].En}");
        }

        return (string.Join("；", zh), string.Join("; ", en));
    }

    /// <summary>A single task's due time.</summary>
    public static (string Zh, string En) Due(string subject, string? assigneeName) => Of([Named(subject, assigneeName)], []);

    /// <summary>A single task's reminder.</summary>
    public static (string Zh, string En) Reminder(string subject, string? assigneeName) => Of([], [Named(subject, assigneeName)]);
}
