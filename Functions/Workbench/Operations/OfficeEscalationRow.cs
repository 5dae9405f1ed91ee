namespace EduFlows.Workbench.Operations;

/// <summary>One escalation on the office's task page: whose task ran late, which supervisor took it over, and how that ended.</summary>
/// <param name="TaskId">The supervisor's task.</param>
/// <param name="Title">Its kind's title.</param>
/// <param name="Subject">What it is about.</param>
/// <param name="LateTaskId">The task that expired unanswered.</param>
/// <param name="LateAssigneeId">Who had it.</param>
/// <param name="LateAssigneeName">Their name (the id when the late task is gone).</param>
/// <param name="LateDue">When the late task was due (bureau time); empty when it is gone.</param>
/// <param name="SupervisorId">The supervisor it was escalated to.</param>
/// <param name="SupervisorName">Their name.</param>
/// <param name="Process">The process's name.</param>
/// <param name="InstanceId">The instance that gave it.</param>
/// <param name="EscalatedAt">When it was escalated (bureau time).</param>
/// <param name="Due">When the supervisor's task is or was due (bureau time).</param>
/// <param name="Status">Where the supervisor's task stands, in words.</param>
/// <param name="Ended">When it was answered, expired or withdrawn (bureau time); empty while open.</param>
public sealed record OfficeEscalationRow(
    string TaskId,
    string Title,
    string Subject,
    string LateTaskId,
    string LateAssigneeId,
    string LateAssigneeName,
    string LateDue,
    string SupervisorId,
    string SupervisorName,
    string Process,
    string InstanceId,
    string EscalatedAt,
    string Due,
    string Status,
    string Ended);
