namespace EduFlows.DurableTask.Storage;

/// <summary>How much the <c>EduFlows</c> provider lets one worker run at once.</summary>
public sealed record EduFlowsProviderOptions
{
    /// <summary>Orchestration steps run at once. Default: 10 per core.</summary>
    public int MaxConcurrentOrchestrations { get; init; } = 10 * Environment.ProcessorCount;

    /// <summary>Activity calls run at once. Default: 10 per core.</summary>
    public int MaxConcurrentActivities { get; init; } = 10 * Environment.ProcessorCount;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When a count is below 1.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentOrchestrations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentActivities, 1);
    }
}
