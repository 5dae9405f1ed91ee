namespace EduFlows.Durable;

/// <summary>Thrown when an operation names an instance that does not exist.</summary>
public sealed class OrchestrationNotFoundException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public OrchestrationNotFoundException(string instanceId)
        : base($"No orchestration instance with id '{instanceId}' exists.") => InstanceId = instanceId;

    /// <summary>The unknown instance id.</summary>
    public string InstanceId { get; }
}
