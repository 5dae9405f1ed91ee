using EduFlows.Durable.History;

namespace EduFlows.Durable.Backend;

/// <summary>The authoritative state of an instance, stored beside its history.</summary>
public sealed record OrchestrationInstanceState
{
    /// <summary>The instance id.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The orchestrator name.</summary>
    public required string Name { get; init; }

    /// <summary>The current execution (generation).</summary>
    public required string ExecutionId { get; init; }

    /// <summary>The runtime status.</summary>
    public required OrchestrationRuntimeStatus Status { get; init; }

    /// <summary>When the instance (this id, this start) was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the state last changed.</summary>
    public required DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>When a scheduled instance starts.</summary>
    public DateTimeOffset? ScheduledStartAt { get; init; }

    /// <summary>The serialized input of the current execution.</summary>
    public string? Input { get; init; }

    /// <summary>The serialized output, or the termination reason.</summary>
    public string? Output { get; init; }

    /// <summary>The serialized custom status.</summary>
    public string? CustomStatus { get; init; }

    /// <summary>Why the instance failed.</summary>
    public TaskFailureDetails? FailureDetails { get; init; }

    /// <summary>The parent, for a sub-orchestration.</summary>
    public ParentInstance? Parent { get; init; }

    /// <summary>Messages held back while the instance is pending or suspended, applied in order once it runs.</summary>
    public IReadOnlyList<OrchestrationMessage> Deferred { get; init; } = [];

    /// <summary>Ids of the latest client messages applied (events, lifecycle requests), so a redelivered one is recognised.</summary>
    public IReadOnlyList<string> RecentMessageIds { get; init; } = [];
}
