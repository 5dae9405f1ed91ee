namespace EduFlows.Durable;

/// <summary>Options for calling a sub-orchestration.</summary>
public sealed record SubOrchestrationOptions : TaskOptions
{
    /// <summary>The sub-orchestration's instance id; by default derived deterministically from the parent's.</summary>
    public string? InstanceId { get; init; }
}
