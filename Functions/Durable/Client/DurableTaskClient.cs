using EduFlows.Durable.History;

namespace EduFlows.Durable;

/// <summary>Starts, inspects and controls orchestration instances.</summary>
public abstract class DurableTaskClient
{
    /// <summary>Schedules a new instance and returns its id.</summary>
    /// <exception cref="OrchestrationAlreadyExistsException">When the id is pending, running or suspended; a finished id may be reused.</exception>
    public abstract Task<string> ScheduleNewOrchestrationInstanceAsync(
        string orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Reads an instance, or <see langword="null"/> when unknown.</summary>
    public abstract Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default);

    /// <summary>Reads the current execution's history, oldest first.</summary>
    public abstract Task<IReadOnlyList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Lists instances matching a query, one page at a time.</summary>
    public abstract Task<OrchestrationQueryPage> GetInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken = default);

    /// <summary>Sends an event to a running (or pending, or suspended) instance.</summary>
    /// <exception cref="OrchestrationNotFoundException">When the instance does not exist.</exception>
    /// <exception cref="InvalidOperationException">When the instance has finished.</exception>
    public abstract Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellationToken = default);

    /// <summary>Terminates an instance; its output becomes the reason.</summary>
    /// <exception cref="OrchestrationNotFoundException">When the instance does not exist.</exception>
    /// <exception cref="InvalidOperationException">When the instance has finished.</exception>
    public abstract Task TerminateInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Suspends a running instance; events raised meanwhile are handled after it resumes.</summary>
    /// <exception cref="OrchestrationNotFoundException">When the instance does not exist.</exception>
    /// <exception cref="InvalidOperationException">When the instance has finished.</exception>
    public abstract Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Resumes a suspended instance.</summary>
    /// <exception cref="OrchestrationNotFoundException">When the instance does not exist.</exception>
    /// <exception cref="InvalidOperationException">When the instance has finished.</exception>
    public abstract Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Starts an instance again with its original input; returns the id it runs under.</summary>
    /// <exception cref="OrchestrationNotFoundException">When the instance does not exist.</exception>
    /// <exception cref="OrchestrationAlreadyExistsException">When restarting under the same id while it is still active.</exception>
    public abstract Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellationToken = default);

    /// <summary>Deletes a finished instance's state and history.</summary>
    /// <exception cref="InvalidOperationException">When the instance is still active.</exception>
    public abstract Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Deletes every finished instance that matches the filter.</summary>
    public abstract Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Waits until the instance has completed, failed or been terminated.</summary>
    /// <exception cref="OrchestrationNotFoundException">When the instance does not exist.</exception>
    public abstract Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default);

    /// <summary>Waits until the instance has left the Pending status.</summary>
    /// <exception cref="OrchestrationNotFoundException">When the instance does not exist.</exception>
    public abstract Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default);
}
