using DurableTask.Core.History;

namespace EduFlows.DurableTask.Storage;

/// <summary>Where instances live: state, history and queues. The engine is written against this alone.</summary>
/// <remarks>
/// Guarantees a backend gives: one worker holds an instance at a time; a step's state, history and outgoing messages
/// are committed together; a message or activity call that was locked but not completed is delivered again.
/// Timers are messages with <see cref="OrchestrationMessage.VisibleAt"/>, delivered once the backend's
/// <see cref="TimeProvider"/> reaches that time.
/// </remarks>
public interface IOrchestrationBackend
{
    /// <summary>Creates an instance (state Pending) and queues its start message.</summary>
    /// <exception cref="global::DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException">When the id is pending, running or suspended.</exception>
    Task CreateInstanceAsync(OrchestrationInstanceState state, OrchestrationMessage startMessage, CancellationToken cancellationToken);

    /// <summary>Queues a message for an instance.</summary>
    Task SendMessageAsync(OrchestrationMessage message, CancellationToken cancellationToken);

    /// <summary>Reads an instance's state, or <see langword="null"/> when unknown.</summary>
    Task<OrchestrationInstanceState?> GetStateAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>
    /// Reads an instance's state for a caller that needs only that (is it still running?), doing no upkeep a full
    /// read may do on the side; <see langword="null"/> when unknown.
    /// </summary>
    Task<OrchestrationInstanceState?> ReadStateAsync(string instanceId, CancellationToken cancellationToken) => GetStateAsync(instanceId, cancellationToken);

    /// <summary>Reads an instance's current history, oldest first (empty when unknown).</summary>
    Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Lists instances.</summary>
    Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes an instance's state and history; returns 1 if it existed, else 0.</summary>
    Task<int> PurgeAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Waits for the next instance with deliverable messages and locks it; <see langword="null"/> when cancelled.</summary>
    Task<OrchestrationWorkItem?> LockNextOrchestrationAsync(CancellationToken cancellationToken);

    /// <summary>Commits a step and releases the instance; messages that arrived meanwhile stay queued.</summary>
    Task CompleteOrchestrationAsync(OrchestrationWorkItem workItem, OrchestrationStep result, CancellationToken cancellationToken);

    /// <summary>Releases the instance without committing; its messages are delivered again.</summary>
    Task AbandonOrchestrationAsync(OrchestrationWorkItem workItem, CancellationToken cancellationToken);

    /// <summary>Waits for the next activity call and locks it; <see langword="null"/> when cancelled.</summary>
    Task<ActivityWorkItem?> LockNextActivityAsync(CancellationToken cancellationToken);

    /// <summary>Queues the activity's response and removes the call, together.</summary>
    Task CompleteActivityAsync(ActivityWorkItem workItem, OrchestrationMessage response, CancellationToken cancellationToken);

    /// <summary>Releases the call so it is delivered again.</summary>
    Task AbandonActivityAsync(ActivityWorkItem workItem, CancellationToken cancellationToken);
}
