using EduFlows.Durable.History;

namespace EduFlows.Durable.Backend;

/// <summary>An instance locked for one step: its state, its history and the messages that arrived for it.</summary>
/// <remarks>Only one worker holds an instance's work item at a time; the backend guarantees that.</remarks>
public sealed class OrchestrationWorkItem
{
    /// <summary>Creates a work item.</summary>
    public OrchestrationWorkItem(string instanceId, OrchestrationInstanceState? state, IReadOnlyList<HistoryEvent> history, IReadOnlyList<OrchestrationMessage> messages)
    {
        InstanceId = instanceId;
        State = state;
        History = history;
        Messages = messages;
    }

    /// <summary>The instance id.</summary>
    public string InstanceId { get; }

    /// <summary>The stored state, or <see langword="null"/> when the instance does not exist yet.</summary>
    public OrchestrationInstanceState? State { get; }

    /// <summary>The current execution's history, oldest first.</summary>
    public IReadOnlyList<HistoryEvent> History { get; }

    /// <summary>The messages to apply in this step, in arrival order.</summary>
    public IReadOnlyList<OrchestrationMessage> Messages { get; }

    /// <summary>Backend-specific data (lock receipts, ETags).</summary>
    public object? BackendState { get; init; }
}
