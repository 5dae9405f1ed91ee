namespace EduFlows.Tasks;

/// <summary>Where a task stands.</summary>
public enum StaffTaskStatus
{
    /// <summary>Sent and waiting for an answer.</summary>
    Open,

    /// <summary>Answered; the submission is stored.</summary>
    Submitted,

    /// <summary>Not answered by its due time.</summary>
    Expired,

    /// <summary>Withdrawn: its process ended or was terminated.</summary>
    Cancelled,
}
