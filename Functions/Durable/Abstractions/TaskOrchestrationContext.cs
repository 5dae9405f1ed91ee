using Microsoft.Extensions.Logging;

namespace EduFlows.Durable;

/// <summary>What an orchestrator sees and does: every effect goes through here so it can be replayed from history.</summary>
/// <remarks>
/// Orchestrator code must be deterministic: read time from <see cref="CurrentUtcDateTime"/>, ids from
/// <see cref="NewGuid"/>, and await only tasks created by this context. Awaiting anything else (Task.Delay, I/O)
/// fails the instance with a clear error.
/// </remarks>
public abstract class TaskOrchestrationContext
{
    /// <summary>The orchestrator's registered name.</summary>
    public abstract string Name { get; }

    /// <summary>The instance id.</summary>
    public abstract string InstanceId { get; }

    /// <summary>The time of the current step, from history when replaying; never the wall clock.</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the code re-runs against recorded history.</summary>
    public abstract bool IsReplaying { get; }

    /// <summary>The instance's input deserialized as <typeparamref name="T"/>.</summary>
    public abstract T? GetInput<T>();

    /// <summary>Schedules an activity and returns its result.</summary>
    /// <exception cref="TaskFailedException">When the activity failed (after retries, if any).</exception>
    public abstract Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null);

    /// <summary>Schedules an activity that returns nothing.</summary>
    public Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null) =>
        CallActivityAsync<object?>(name, input, options);

    /// <summary>Starts a sub-orchestration and returns its output.</summary>
    /// <exception cref="TaskFailedException">When the sub-orchestration failed (after retries, if any).</exception>
    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, TaskOptions? options = null);

    /// <summary>Starts a sub-orchestration whose output is not needed.</summary>
    public Task CallSubOrchestratorAsync(string orchestratorName, object? input = null, TaskOptions? options = null) =>
        CallSubOrchestratorAsync<object?>(orchestratorName, input, options);

    /// <summary>A durable timer that fires at <paramref name="fireAt"/> (UTC); no upper bound on its length.</summary>
    /// <remarks>Cancelling the token cancels the returned task; a cancelled timer that fires later is ignored.</remarks>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>A durable timer that fires after <paramref name="delay"/>.</summary>
    public Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) =>
        CreateTimer(CurrentUtcDateTime.Add(delay), cancellationToken);

    /// <summary>Waits for an external event; events raised before the wait are buffered, several of one name are delivered in order.</summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>Waits for an external event for at most <paramref name="timeout"/>.</summary>
    /// <exception cref="TaskCanceledException">When the timeout passes first (the event stays available to a later wait).</exception>
    public async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout)
    {
        using var timerCts = new CancellationTokenSource();
        Task timeoutTask = CreateTimer(timeout, timerCts.Token);
        using var eventCts = new CancellationTokenSource();
        Task<T> eventTask = WaitForExternalEvent<T>(eventName, eventCts.Token);
        Task winner = await Task.WhenAny(timeoutTask, eventTask);

        // Cancel synchronously: CancelAsync would run the callbacks on the thread pool, outside the replayed step.
#pragma warning disable CA1849
        (winner == eventTask ? timerCts : eventCts).Cancel();
#pragma warning restore CA1849

        return await eventTask;
    }

    /// <summary>Ends this generation and restarts the instance with <paramref name="newInput"/> and an empty history.</summary>
    /// <param name="newInput">The next generation's input.</param>
    /// <param name="preserveUnprocessedEvents">Carry events received but not yet consumed over to the next generation.</param>
    public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    /// <summary>Publishes a status that clients can read while the instance runs.</summary>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>A GUID that is the same on every replay.</summary>
    public abstract Guid NewGuid();

    /// <summary>A logger that writes nothing while the orchestrator replays.</summary>
    public abstract ILogger CreateReplaySafeLogger(string categoryName);

    /// <summary>A logger that writes nothing while the orchestrator replays.</summary>
    public ILogger CreateReplaySafeLogger<T>() => CreateReplaySafeLogger(typeof(T).FullName ?? typeof(T).Name);
}
