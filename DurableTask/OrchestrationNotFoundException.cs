namespace EduFlows.DurableTask;

/// <summary>Thrown by the client when an instance it is asked to act on does not exist.</summary>
public sealed class OrchestrationNotFoundException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public OrchestrationNotFoundException(string instanceId)
        : base($"No orchestration instance with id '{instanceId}' exists.") => InstanceId = instanceId;

    /// <summary>Creates the exception.</summary>
    public OrchestrationNotFoundException()
        : this(string.Empty)
    {
    }

    /// <summary>Creates the exception.</summary>
    public OrchestrationNotFoundException(string message, Exception innerException)
        : base(message, innerException) => InstanceId = string.Empty;

    /// <summary>The id that was not found.</summary>
    public string InstanceId { get; }
}
