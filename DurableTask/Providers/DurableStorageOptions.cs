using EduFlows.DurableTask.Storage;
using EduFlows.DurableTask.Storage.AzureStorage;

namespace EduFlows.DurableTask.Providers;

/// <summary>
/// The host's choice of storage provider and the settings both providers share, as <c>host.json</c>'s
/// <c>extensions.durableTask</c> gives them (<c>storageProvider.type</c>, <c>hubName</c>, <c>partitionCount</c>, the
/// concurrency limits).
/// </summary>
public sealed record DurableStorageOptions
{
    // Held messages are renewed at a third of their visibility: any shorter and a renewal would hardly land in time.
    private static readonly TimeSpan MinimumVisibility = TimeSpan.FromSeconds(2);

    /// <summary>Which provider runs. Default: <see cref="DurableStorageProvider.EduFlows"/>.</summary>
    public DurableStorageProvider Type { get; init; } = DurableStorageProvider.EduFlows;

    /// <summary>The storage account (<c>UseDevelopmentStorage=true</c> or an Azurite connection string locally).</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The task hub: the tables, queues and containers of one app. Default: <c>EduFlows</c>.</summary>
    public string TaskHubName { get; init; } = "EduFlows";

    /// <summary>Control-queue partitions (1–16). Default: 4, as in Durable Functions.</summary>
    public int PartitionCount { get; init; } = 4;

    /// <summary>Orchestration steps one worker runs at once. Default: 10 per core.</summary>
    public int MaxConcurrentOrchestrations { get; init; } = 10 * Environment.ProcessorCount;

    /// <summary>Activity calls one worker runs at once. Default: 10 per core.</summary>
    public int MaxConcurrentActivities { get; init; } = 10 * Environment.ProcessorCount;

    /// <summary>The longest an idle worker waits between queue polls. Default: 1 s (Microsoft's own default is 30 s).</summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a control-queue message stays invisible once received (renewed while held): how long the messages of
    /// a killed host stay out of reach of the next one. Default (<see langword="null"/>): the provider's own (ours 30 s).
    /// </summary>
    public TimeSpan? ControlQueueVisibilityTimeout { get; init; }

    /// <summary>
    /// How long an activity call stays invisible once received (renewed while it runs): how long the calls of a killed
    /// host wait to run again. Default (<see langword="null"/>): the provider's own (ours 30 s).
    /// </summary>
    public TimeSpan? WorkItemQueueVisibilityTimeout { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">When the connection string or hub name is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When a count or interval is out of range, or the type is unknown.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ConnectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(TaskHubName);
        if (!Enum.IsDefined(Type))
        {
            throw new ArgumentOutOfRangeException(nameof(Type), Type, $"Storage provider type must be {nameof(DurableStorageProvider.EduFlows)} or {nameof(DurableStorageProvider.AzureStorage)}.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(PartitionCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PartitionCount, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentOrchestrations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentActivities, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxQueuePollingInterval, TimeSpan.Zero);
        if (ControlQueueVisibilityTimeout is { } control)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(control, MinimumVisibility, nameof(ControlQueueVisibilityTimeout));
        }

        if (WorkItemQueueVisibilityTimeout is { } workItem)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(workItem, MinimumVisibility, nameof(WorkItemQueueVisibilityTimeout));
        }
    }

    /// <summary>The settings of the <c>EduFlows</c> provider on Azure Storage.</summary>
    internal AzureStorageBackendOptions ToEduFlowsBackend()
    {
        var backend = new AzureStorageBackendOptions
        {
            ConnectionString = ConnectionString,
            TaskHubName = TaskHubName,
            PartitionCount = PartitionCount,
            MaxPollingInterval = MaxQueuePollingInterval,
        };
        return backend with
        {
            ControlMessageVisibility = ControlQueueVisibilityTimeout ?? backend.ControlMessageVisibility,
            ActivityMessageVisibility = WorkItemQueueVisibilityTimeout ?? backend.ActivityMessageVisibility,
        };
    }

    /// <summary>The concurrency limits of the <c>EduFlows</c> provider.</summary>
    internal EduFlowsProviderOptions ToEduFlowsProvider() => new()
    {
        MaxConcurrentOrchestrations = MaxConcurrentOrchestrations,
        MaxConcurrentActivities = MaxConcurrentActivities,
    };

    /// <summary>The settings of Microsoft's provider.</summary>
    internal AzureStorageProviderOptions ToAzureStorage() => new()
    {
        ConnectionString = ConnectionString,
        TaskHubName = TaskHubName,
        PartitionCount = PartitionCount,
        MaxConcurrentOrchestrations = MaxConcurrentOrchestrations,
        MaxConcurrentActivities = MaxConcurrentActivities,
        MaxQueuePollingInterval = MaxQueuePollingInterval,
        ControlQueueVisibilityTimeout = ControlQueueVisibilityTimeout,
        WorkItemQueueVisibilityTimeout = WorkItemQueueVisibilityTimeout,
    };
}
