namespace EduFlows.Tasks;

/// <summary>How a task ended for the orchestration that gave it.</summary>
/// <param name="Result">Submitted or expired.</param>
/// <param name="TaskId">The task given.</param>
/// <param name="Receipt">The answer, when submitted (by the assignee, or by the supervisor after escalation).</param>
/// <param name="EscalatedTaskId">The supervisor's task, when the first one expired and was escalated.</param>
public sealed record StaffTaskOutcome(StaffTaskResult Result, string TaskId, TaskReceipt? Receipt, string? EscalatedTaskId = null);

/// <summary>Whether a task was answered.</summary>
public enum StaffTaskResult
{
    /// <summary>Answered; the receipt holds the answer.</summary>
    Submitted,

    /// <summary>Not answered in time (nor by the supervisor, when escalated).</summary>
    Expired,

    /// <summary>Closed unanswered because the process decided without it.</summary>
    Withdrawn,
}
