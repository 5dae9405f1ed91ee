namespace EduFlows.Durable;

/// <summary>Thrown when an instance id is started while an instance with that id is pending, running or suspended.</summary>
public sealed class OrchestrationAlreadyExistsException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public OrchestrationAlreadyExistsException(string instanceId, OrchestrationRuntimeStatus status)
        : base($"An orchestration with instance id '{instanceId}' already exists and is {status}.")
    {
        InstanceId = instanceId;
        Status = status;
    }

    /// <summary>The instance id that is taken.</summary>
    public string InstanceId { get; }

    /// <summary>The status of the existing instance.</summary>
    public OrchestrationRuntimeStatus Status { get; }
}
