using EduFlows.Durable.Backend;

namespace EduFlows.Durable;

/// <summary>What a client sees of an instance.</summary>
public sealed record OrchestrationMetadata
{
    /// <summary>The orchestrator name.</summary>
    public required string Name { get; init; }

    /// <summary>The instance id.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The runtime status.</summary>
    public required OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    /// <summary>When the instance was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the instance last changed.</summary>
    public required DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>The serialized input (only when asked for inputs and outputs).</summary>
    public string? SerializedInput { get; init; }

    /// <summary>The serialized output or termination reason (only when asked for inputs and outputs).</summary>
    public string? SerializedOutput { get; init; }

    /// <summary>The serialized custom status.</summary>
    public string? SerializedCustomStatus { get; init; }

    /// <summary>Why the instance failed.</summary>
    public TaskFailureDetails? FailureDetails { get; init; }

    /// <summary>True while pending, running or suspended.</summary>
    public bool IsRunning => RuntimeStatus.IsActive();

    /// <summary>True once completed, failed or terminated.</summary>
    public bool IsCompleted => RuntimeStatus.IsTerminal();

    /// <summary>The input as <typeparamref name="T"/>.</summary>
    public T? ReadInputAs<T>() => DataConverter.Deserialize<T>(SerializedInput);

    /// <summary>The output as <typeparamref name="T"/>.</summary>
    public T? ReadOutputAs<T>() => DataConverter.Deserialize<T>(SerializedOutput);

    /// <summary>The custom status as <typeparamref name="T"/>.</summary>
    public T? ReadCustomStatusAs<T>() => DataConverter.Deserialize<T>(SerializedCustomStatus);

    internal static OrchestrationMetadata From(OrchestrationInstanceState state, bool includeInputsAndOutputs) => new()
    {
        Name = state.Name,
        InstanceId = state.InstanceId,
        // Between generations an instance is still running for its callers.
        RuntimeStatus = state.Status == OrchestrationRuntimeStatus.ContinuedAsNew ? OrchestrationRuntimeStatus.Running : state.Status,
        CreatedAt = state.CreatedAt,
        LastUpdatedAt = state.LastUpdatedAt,
        SerializedInput = includeInputsAndOutputs ? state.Input : null,
        SerializedOutput = includeInputsAndOutputs ? state.Output : null,
        SerializedCustomStatus = state.CustomStatus,
        FailureDetails = state.FailureDetails,
    };
}
