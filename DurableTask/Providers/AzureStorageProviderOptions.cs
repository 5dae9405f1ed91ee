using DurableTask.AzureStorage;
using Microsoft.Extensions.Logging;

namespace EduFlows.DurableTask.Providers;

/// <summary>Settings of Microsoft's <c>DurableTask.AzureStorage</c> provider (<see cref="DurableStorageProvider.AzureStorage"/>).</summary>
/// <remarks>
/// Only what the hosts set is here; everything else keeps Microsoft's defaults. Two defaults differ from Microsoft's on
/// purpose: the idle polling back-off stops at 1 s instead of 30 s (a start or a timer could otherwise wait that long
/// to be seen), and a start of an id in a dedupe status throws instead of being dropped silently.
/// </remarks>
public sealed record AzureStorageProviderOptions
{
    /// <summary>The storage account's connection string.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The task hub (3–45 letters or digits, starting with a letter). Default: <c>EduFlows</c>.</summary>
    public string TaskHubName { get; init; } = "EduFlows";

    /// <summary>Control-queue partitions (1–16). Default: 4.</summary>
    public int PartitionCount { get; init; } = 4;

    /// <summary>Orchestration steps one worker runs at once. Default: 10 per core.</summary>
    public int MaxConcurrentOrchestrations { get; init; } = 10 * Environment.ProcessorCount;

    /// <summary>Activity calls one worker runs at once. Default: 10 per core.</summary>
    public int MaxConcurrentActivities { get; init; } = 10 * Environment.ProcessorCount;

    /// <summary>The longest an idle worker waits between queue polls. Default: 1 s.</summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a control-queue message stays invisible once received. Default (<see langword="null"/>): Microsoft's (5 minutes).</summary>
    public TimeSpan? ControlQueueVisibilityTimeout { get; init; }

    /// <summary>How long an activity call stays invisible once received. Default (<see langword="null"/>): Microsoft's (5 minutes).</summary>
    public TimeSpan? WorkItemQueueVisibilityTimeout { get; init; }

    /// <summary>This worker's name in partition leases. Default: machine, process and a random suffix.</summary>
    public string WorkerId { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">When the connection string or hub name is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When a count or interval is out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ConnectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(TaskHubName);
        ArgumentOutOfRangeException.ThrowIfLessThan(PartitionCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PartitionCount, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentOrchestrations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentActivities, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxQueuePollingInterval, TimeSpan.Zero);
    }

    /// <summary>Microsoft's settings object for these options.</summary>
    internal AzureStorageOrchestrationServiceSettings ToSettings(ILoggerFactory? loggerFactory)
    {
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(ConnectionString),
            TaskHubName = TaskHubName,
            PartitionCount = PartitionCount,
            WorkerId = WorkerId,
            MaxConcurrentTaskOrchestrationWorkItems = MaxConcurrentOrchestrations,
            MaxConcurrentTaskActivityWorkItems = MaxConcurrentActivities,
            MaxQueuePollingInterval = MaxQueuePollingInterval,

            // Without this a start of an active id is dropped silently and the caller thinks it started.
            ThrowExceptionOnInvalidDedupeStatus = true,
        };
        if (ControlQueueVisibilityTimeout is { } control)
        {
            settings.ControlQueueVisibilityTimeout = control;
        }

        if (WorkItemQueueVisibilityTimeout is { } workItem)
        {
            settings.WorkItemQueueVisibilityTimeout = workItem;
        }

        if (loggerFactory is not null)
        {
            settings.LoggerFactory = loggerFactory;
        }

        return settings;
    }
}
