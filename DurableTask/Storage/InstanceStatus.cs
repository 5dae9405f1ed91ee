using DurableTask.Core;

namespace EduFlows.DurableTask.Storage;

/// <summary>Lifecycle questions about an <see cref="OrchestrationStatus"/>.</summary>
public static class InstanceStatus
{
    /// <summary>True when the instance will not run again unless it is started anew.</summary>
    public static bool IsTerminal(this OrchestrationStatus status) =>
        status is OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled;

    /// <summary>True while the instance occupies its id: pending, running or suspended.</summary>
    public static bool IsActive(this OrchestrationStatus status) => !status.IsTerminal();
}
