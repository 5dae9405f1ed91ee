namespace EduFlows.Workbench.Operations;

/// <summary>One open task on the office's task page.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Title">Its kind's title, or that its kind is not registered.</param>
/// <param name="Subject">What it is about.</param>
/// <param name="AssigneeId">Who has it.</param>
/// <param name="AssigneeName">Their name.</param>
/// <param name="School">Their school's name, empty when they are not at a school.</param>
/// <param name="Process">The process's name.</param>
/// <param name="InstanceId">The instance waiting for it.</param>
/// <param name="Due">When it is due (bureau time).</param>
/// <param name="Overdue">Past due and still open.</param>
/// <param name="Reminders">How many reminders were written to the outbox.</param>
/// <param name="LastMail">The status of its latest mail, in words; empty when none was written.</param>
/// <param name="EscalatedFrom">Whose late task it took over, when escalated.</param>
public sealed record OfficeTaskRow(
    string TaskId,
    string Title,
    string Subject,
    string AssigneeId,
    string AssigneeName,
    string School,
    string Process,
    string InstanceId,
    string Due,
    bool Overdue,
    int Reminders,
    string LastMail,
    string? EscalatedFrom)
{
    /// <summary>The stored kind's name when it is not registered (the task was opened under a kind since renamed or retired): <see cref="Title"/> then says so.</summary>
    public string? UnregisteredKind { get; init; }
}
