namespace EduFlows.Durable;

/// <summary>The runtime status of an orchestration instance, as Durable Functions reports it.</summary>
public enum OrchestrationRuntimeStatus
{
    /// <summary>The instance is executing or waiting for work.</summary>
    Running = 0,

    /// <summary>The instance finished with an output.</summary>
    Completed = 1,

    /// <summary>The instance restarted itself with a new input and history (transient).</summary>
    ContinuedAsNew = 2,

    /// <summary>The instance failed; see <see cref="TaskFailureDetails"/>.</summary>
    Failed = 3,

    /// <summary>The instance was terminated by a client.</summary>
    Terminated = 5,

    /// <summary>The instance is scheduled but has not started yet.</summary>
    Pending = 6,

    /// <summary>The instance was suspended by a client; events are buffered until it resumes.</summary>
    Suspended = 7,
}
