namespace EduFlows.Tasks;

/// <summary>What an orchestration asks for when it gives a staff member a task.</summary>
/// <param name="Kind">The <see cref="TaskKind"/> name.</param>
/// <param name="AssigneeId">The staff member (directory id).</param>
/// <param name="Subject">What it is about in a line, e.g. "2026年上半年教研员考核 · 王芳"; the kind's <see cref="IStaffTaskWording"/>, if any, may word it anew as the task opens.</param>
/// <param name="DueAt">When it is due (UTC); the link stops working then.</param>
public sealed record StaffTaskRequest(string Kind, string AssigneeId, string Subject, DateTime DueAt)
{
    /// <summary>A fixed task id (otherwise one is made from the kind and a deterministic GUID).</summary>
    public string? TaskId { get; init; }

    /// <summary>Send reminders this long before the due time (e.g. 2 days and 1 day); past offsets are skipped.</summary>
    public IReadOnlyList<TimeSpan> RemindBefore { get; init; } = [];

    /// <summary>On expiry, pass the task to this staff member (the supervisor) instead of returning "expired".</summary>
    public string? EscalateTo { get; init; }

    /// <summary>How long the supervisor gets.</summary>
    public TimeSpan EscalationPeriod { get; init; } = TimeSpan.FromDays(3);

    /// <summary>The staff member told when the task cannot be delivered (the process owner).</summary>
    public string? OwnerId { get; init; }

    /// <summary>"zh-CN" or "en"; the configured default when null.</summary>
    public string? Culture { get; init; }

    /// <summary>Facts shown read-only on the form (label, value).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Context { get; init; } = [];

    /// <summary>
    /// This task's own form fields, replacing the kind's: for forms that depend on the process's data, such as one
    /// score field per indicator of a versioned scheme. Null means the kind's fields.
    /// </summary>
    public IReadOnlyList<TaskField>? Fields { get; init; }

    /// <summary>A page linked from the receipt once the task is answered, opened with the same link token.</summary>
    public TaskFollowUp? FollowUp { get; init; }

    /// <summary>A file asked for beside the answer, offered as a file field on the task's form while it is open.</summary>
    public TaskUpload? Upload { get; init; }
}
