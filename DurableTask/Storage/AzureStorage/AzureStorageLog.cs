using Microsoft.Extensions.Logging;

namespace EduFlows.DurableTask.Storage.AzureStorage;

/// <summary>The Azure Storage backend's log messages, with stable event ids.</summary>
internal static partial class AzureStorageLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Worker {WorkerId} acquired partition {Partition}.")]
    public static partial void PartitionAcquired(ILogger logger, string workerId, int partition);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Worker {WorkerId} released partition {Partition} ({Reason}).")]
    public static partial void PartitionReleased(ILogger logger, string workerId, int partition, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Poison message from {Source} set aside: {Reason}")]
    public static partial void PoisonMessage(ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Storage call failed in {Operation}; retrying.")]
    public static partial void StorageRetry(ILogger logger, string operation, Exception exception);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Instance {InstanceId}: commit conflicted (another writer moved it on); its messages go again.")]
    public static partial void CommitConflict(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Instance {InstanceId}: sending the committed outbox failed; it will be re-sent.")]
    public static partial void OutboxSendFailed(ILogger logger, string instanceId, Exception exception);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Instance {InstanceId}: re-sent {Count} outbox message(s) left by an earlier step.")]
    public static partial void OutboxRecovered(ILogger logger, string instanceId, int count);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Instance {InstanceId}: still Pending, its start message is sent again.")]
    public static partial void StartResent(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "Stopping: {Operation} failed; what is left expires on its own.")]
    public static partial void StopStepFailed(ILogger logger, string operation, Exception exception);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Worker {WorkerId} took over the lease id of worker {PreviousWorkerId}, a dead process on this machine: its partitions are acquired at once.")]
    public static partial void LeaseIdTakenOver(ILogger logger, string workerId, string previousWorkerId);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Lease claims cannot be kept in {Folder}; after a crash this worker's partitions wait for their leases to expire.")]
    public static partial void LeaseClaimUnavailable(ILogger logger, string folder, Exception exception);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Information, Message = "Instance {InstanceId}: its instances-table row trailed its state ({Status}) and was rewritten.")]
    public static partial void ProjectionRepaired(ILogger logger, string instanceId, global::DurableTask.Core.OrchestrationStatus status);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Information, Message = "Stopping: partition {Partition} waits for {Count} step(s) in flight before handing back its messages.")]
    public static partial void StopWaitsForSteps(ILogger logger, int partition, int count);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Warning, Message = "Stopping: partition {Partition} hands back its messages with {Count} step(s) still running; a step that commits later deletes its message, or its next delivery is dropped as a duplicate.")]
    public static partial void StopLeftStepsRunning(ILogger logger, int partition, int count);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Information, Message = "Instance {InstanceId}: deleting its message was refused while its receipt changed (a hand-back or a renewal); the delete is tried again with the new receipt once it is known.")]
    public static partial void DeleteRetried(ILogger logger, string instanceId);
}
