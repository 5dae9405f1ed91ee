using DurableTask.Core;
using DurableTask.Core.History;

namespace EduFlows.DurableTask.Storage;

/// <summary>An instance locked by the engine, as DurableTask.Core's dispatcher takes it.</summary>
internal sealed class EduFlowsOrchestrationWorkItem : TaskOrchestrationWorkItem
{
    public EduFlowsOrchestrationWorkItem(OrchestrationWorkItem locked, OrchestrationBatch batch)
    {
        Locked = locked;
        Batch = batch;
        InstanceId = locked.InstanceId;
        OrchestrationRuntimeState = batch.RuntimeState();
        NewMessages = batch.TaskMessages();

        // The partition lease holds the instance; MaxValue tells the dispatcher not to renew a lock.
        LockedUntilUtc = DateTime.MaxValue;
    }

    public OrchestrationWorkItem Locked { get; }

    public OrchestrationBatch Batch { get; }

    /// <summary>Committed or abandoned: the engine no longer holds the instance for it.</summary>
    public bool Settled => Volatile.Read(ref _settled) == 1;

    private int _settled;

    /// <summary>Marks the work item settled; true for the first caller only.</summary>
    public bool TrySettle() => Interlocked.Exchange(ref _settled, 1) == 0;
}

/// <summary>An activity call locked by the engine, as DurableTask.Core's dispatcher takes it.</summary>
internal sealed class EduFlowsActivityWorkItem : TaskActivityWorkItem
{
    public EduFlowsActivityWorkItem(ActivityWorkItem locked)
    {
        Locked = locked;
        var request = locked.Request;
        Id = request.Id;
        LockedUntilUtc = DateTime.MaxValue;
        TaskMessage = new TaskMessage
        {
            Event = new TaskScheduledEvent(request.TaskScheduledId) { Name = request.Name, Input = request.Input },
            OrchestrationInstance = new OrchestrationInstance { InstanceId = request.InstanceId, ExecutionId = request.ExecutionId },
        };
    }

    public ActivityWorkItem Locked { get; }
}
