namespace EduFlows.Durable.Worker;

/// <summary>Runs an orchestrator's continuations one at a time on the executing thread, so replay is deterministic.</summary>
/// <remarks>
/// Awaits inside orchestrator code capture this scheduler; continuations are queued and run by <see cref="Drain"/>
/// in the order their tasks completed. A continuation queued after the step ended (a non-durable await finishing on
/// another thread) is never run.
/// </remarks>
internal sealed class OrchestrationTaskScheduler : TaskScheduler
{
    private readonly Queue<Task> _queue = new();
    private readonly Lock _gate = new();
    private bool _closed;

    public override int MaximumConcurrencyLevel => 1;

    /// <summary>Runs queued continuations until none is left.</summary>
    public void Drain()
    {
        while (true)
        {
            Task? next;
            lock (_gate)
            {
                if (!_queue.TryDequeue(out next))
                {
                    return;
                }
            }

            TryExecuteTask(next);
        }
    }

    /// <summary>Stops accepting continuations: the step is over.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _queue.Clear();
        }
    }

    protected override void QueueTask(Task task)
    {
        lock (_gate)
        {
            if (!_closed)
            {
                _queue.Enqueue(task);
            }
        }
    }

    // Never inline: the drain loop decides the order.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_gate)
        {
            return [.. _queue];
        }
    }
}
