namespace EduFlows.Durable;

/// <summary>How much work one worker takes on at once.</summary>
public sealed record DurableTaskWorkerOptions
{
    /// <summary>Orchestration steps run at once. Default: 10 per core (host.json <c>maxConcurrentOrchestratorFunctions</c>).</summary>
    public int MaxConcurrentOrchestrations { get; init; } = 10 * Environment.ProcessorCount;

    /// <summary>Activities run at once. Default: 10 per core (host.json <c>maxConcurrentActivityFunctions</c>).</summary>
    public int MaxConcurrentActivities { get; init; } = 10 * Environment.ProcessorCount;

    /// <summary>Live orchestrators kept between steps so new events need no replay. Default 2,000; 0 disables.</summary>
    public int MaxCachedOrchestrations { get; init; } = 2000;

    /// <summary>
    /// The longest an activity may run (host.json <c>functionTimeout</c>); past it the call fails with a
    /// <see cref="TimeoutException"/> and its cancellation token is cancelled. <see langword="null"/>: no limit.
    /// </summary>
    public TimeSpan? ActivityTimeout { get; init; }

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When a setting is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentOrchestrations, 1, nameof(MaxConcurrentOrchestrations));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentActivities, 1, nameof(MaxConcurrentActivities));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxCachedOrchestrations, nameof(MaxCachedOrchestrations));
        if (ActivityTimeout is { } timeout)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero, nameof(ActivityTimeout));
        }
    }
}
