namespace EduFlows.Durable;

/// <summary>Thrown in an orchestrator when an activity or sub-orchestration it awaited failed.</summary>
public sealed class TaskFailedException : Exception
{
    /// <summary>Creates the exception for a failed task.</summary>
    public TaskFailedException(string taskName, int taskId, TaskFailureDetails failureDetails)
        : base($"Task '{taskName}' (#{taskId}) failed with an unhandled exception: {failureDetails?.ErrorMessage}")
    {
        ArgumentNullException.ThrowIfNull(failureDetails);
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails;
    }

    /// <summary>The name of the activity or sub-orchestration.</summary>
    public string TaskName { get; }

    /// <summary>The sequence number of the task in the orchestration's history.</summary>
    public int TaskId { get; }

    /// <summary>The details of the failure, carried across the durable boundary.</summary>
    public TaskFailureDetails FailureDetails { get; }
}
