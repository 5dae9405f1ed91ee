using System.Text.RegularExpressions;

namespace EduFlows.DurableTask.Storage.AzureStorage;

/// <summary>Settings of the Azure Storage backend; defaults suit production, tests shorten the timings.</summary>
public sealed partial record AzureStorageBackendOptions
{
    /// <summary>The storage connection string (<c>UseDevelopmentStorage=true</c> for Azurite on its default ports).</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The task hub: a prefix for every table, queue and container. Letters and digits, 3-45 characters. Default "EduFlows".</summary>
    public string TaskHubName { get; init; } = "EduFlows";

    /// <summary>Control-queue partitions (1-16). Default 4. Changing it for an existing hub strands in-flight messages.</summary>
    public int PartitionCount { get; init; } = 4;

    /// <summary>This worker's id in the hub's worker list; unique per process by default.</summary>
    public string WorkerId { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>How long a partition lease lasts unless renewed (15-60 s, Azure's range). Default 30 s.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often leases are renewed and partitions rebalanced; must be well under the lease. Default 10 s.</summary>
    public TimeSpan LeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a dequeued control message stays invisible; held messages are renewed. Default 30 s.</summary>
    /// <remarks>Also how long messages a killed worker held stay out of reach, so it is kept as short as renewals allow.</remarks>
    public TimeSpan ControlMessageVisibility { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a dequeued activity call stays invisible; renewed (at a third of it) while the activity runs. Default 30 s.</summary>
    /// <remarks>A call a killed worker had taken runs again after this: 30 s, not the minutes a long timeout would cost.</remarks>
    public TimeSpan ActivityMessageVisibility { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two polls of an idle queue (polling backs off up to this). Default 1 s.</summary>
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the timers table is checked for timers this worker did not create (scheduled starts). Default 5 s.</summary>
    public TimeSpan TimerPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often a partition's owner looks for instances left Pending (a client died between writing the instance and
    /// sending its start), and how long one must have been Pending before its start is sent again. Default 1 min.
    /// </summary>
    public TimeSpan StartRecoveryInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The longest a graceful stop spends handing work back: releasing leases, making held messages visible, removing the
    /// worker's heartbeat. Past it (storage unreachable, say) the stop gives up on what is left, which expires on its own.
    /// 1-30 s. Default 5 s.
    /// </summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A message delivered this many times without completing is set aside as poison. Default 5.</summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>Payloads larger than this many UTF-8 bytes go to blobs (table strings hold 64 KiB, queue messages 64 KiB). Default 30,000.</summary>
    public int BlobThresholdBytes { get; init; } = 30_000;

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    /// <exception cref="ArgumentException">When a setting is invalid.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ConnectionString, nameof(ConnectionString));
        if (!HubNamePattern().IsMatch(TaskHubName))
        {
            throw new ArgumentException($"TaskHubName '{TaskHubName}' must be 3-45 letters or digits, starting with a letter.", nameof(TaskHubName));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(PartitionCount, 1, nameof(PartitionCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PartitionCount, 16, nameof(PartitionCount));
        if (LeaseDuration < TimeSpan.FromSeconds(15) || LeaseDuration > TimeSpan.FromSeconds(60))
        {
            throw new ArgumentOutOfRangeException(nameof(LeaseDuration), LeaseDuration, "Blob leases last 15 to 60 seconds.");
        }

        if (LeaseRenewInterval <= TimeSpan.Zero || LeaseRenewInterval * 2 > LeaseDuration)
        {
            throw new ArgumentOutOfRangeException(nameof(LeaseRenewInterval), LeaseRenewInterval, "Renew at least twice per lease duration.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(ControlMessageVisibility, TimeSpan.FromSeconds(2), nameof(ControlMessageVisibility));
        ArgumentOutOfRangeException.ThrowIfLessThan(ActivityMessageVisibility, TimeSpan.FromSeconds(2), nameof(ActivityMessageVisibility));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxPollingInterval, TimeSpan.Zero, nameof(MaxPollingInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TimerPollInterval, TimeSpan.Zero, nameof(TimerPollInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StartRecoveryInterval, TimeSpan.Zero, nameof(StartRecoveryInterval));
        if (StopTimeout < TimeSpan.FromSeconds(1) || StopTimeout > TimeSpan.FromSeconds(30))
        {
            throw new ArgumentOutOfRangeException(nameof(StopTimeout), StopTimeout, "A stop may take 1 to 30 seconds.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDequeueCount, 1, nameof(MaxDequeueCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(BlobThresholdBytes, 1024, nameof(BlobThresholdBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BlobThresholdBytes, 45_000, nameof(BlobThresholdBytes));
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex HubNamePattern();
}
