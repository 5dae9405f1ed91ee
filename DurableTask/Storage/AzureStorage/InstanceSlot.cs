namespace EduFlows.DurableTask.Storage.AzureStorage;

/// <summary>An instance of an owned partition: messages waiting for it, whether a step holds it, its cached record.</summary>
/// <remarks>Fields are guarded by the backend's lock, except <see cref="Record"/>, which only the step holding the slot touches.</remarks>
internal sealed class InstanceSlot(string instanceId, int partition)
{
    public string InstanceId { get; } = instanceId;

    public int Partition { get; } = partition;

    public List<Received> Pending { get; set; } = [];

    public bool Locked { get; set; }

    /// <summary>The ownership of the partition under which the step holding it was locked (while <see cref="Locked"/>).</summary>
    public ControlPartition? LockedUnder { get; set; }

    public bool Queued { get; set; }

    public InstanceRecord? Record { get; set; }

    /// <summary>A commit whose outbox may not have gone out: reload and re-send before anything else.</summary>
    public bool NeedsRecovery { get; set; }

    /// <summary>After a failed recovery, when to try again (real clock).</summary>
    public DateTimeOffset RecoveryNotBefore { get; set; }
}
