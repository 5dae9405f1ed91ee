namespace EduFlows.Tasks;

/// <summary>One task sent to one staff member, as stored in the task table.</summary>
public sealed record StaffTask
{
    /// <summary>The task's id (also in its link).</summary>
    public required string Id { get; init; }

    /// <summary>The <see cref="TaskKind"/> name, which decides the form.</summary>
    public required string Kind { get; init; }

    /// <summary>The staff member it is addressed to.</summary>
    public required string AssigneeId { get; init; }

    /// <summary>Their name, for pages and mail.</summary>
    public required string AssigneeName { get; init; }

    /// <summary>The orchestration waiting for the answer.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The event the answer is raised as.</summary>
    public required string EventName { get; init; }

    /// <summary>What the task is about in a line, e.g. "2026年上半年教研员考核 · 王芳".</summary>
    public required string Subject { get; init; }

    /// <summary>Facts shown read-only on the form (label, value), already in the task's language.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Context { get; init; } = [];

    /// <summary>The task's own form fields when they replace its kind's (see <see cref="StaffTaskRequest.Fields"/>).</summary>
    public IReadOnlyList<TaskField>? Fields { get; init; }

    /// <summary>A page linked from the receipt once answered (see <see cref="StaffTaskRequest.FollowUp"/>).</summary>
    public TaskFollowUp? FollowUp { get; init; }

    /// <summary>A file asked for beside the answer (see <see cref="StaffTaskRequest.Upload"/>).</summary>
    public TaskUpload? Upload { get; init; }

    /// <summary>"zh-CN" or "en".</summary>
    public required string Culture { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it is due; the link stops working then.</summary>
    public required DateTimeOffset DueAt { get; init; }

    /// <summary>Where it stands.</summary>
    public StaffTaskStatus Status { get; init; }

    /// <summary>The answer, field by field (normalised text), once submitted.</summary>
    public IReadOnlyDictionary<string, string>? Values { get; init; }

    /// <summary>Who submitted it (the assignee, signed in or through the link).</summary>
    public string? SubmittedBy { get; init; }

    /// <summary>When it was submitted.</summary>
    public DateTimeOffset? SubmittedAt { get; init; }

    /// <summary>The receipt number given for the submission.</summary>
    public string? ReceiptId { get; init; }

    /// <summary>When it expired or was cancelled.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Why it was cancelled.</summary>
    public string? CancelReason { get; init; }

    /// <summary>The late task this one takes over, when escalated to a supervisor.</summary>
    public string? EscalatedFrom { get; init; }

    /// <summary>The staff member told when the task cannot be delivered.</summary>
    public string? OwnerId { get; init; }

    /// <summary>The supervisor who gets the task if it expires unanswered; null when it just expires (what reminders promise).</summary>
    public string? EscalatesTo { get; init; }

    /// <summary>The receipt this task's submission got (derived from the fields above, so not stored).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public TaskReceipt? Receipt => Status == StaffTaskStatus.Submitted && ReceiptId is not null
        ? new TaskReceipt(ReceiptId, Id, SubmittedBy!, SubmittedAt!.Value, Values ?? new Dictionary<string, string>())
        : null;
}
