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
    private bool _paused;

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

    /// <summary>True when a continuation arrived between steps: something non-durable completed, so this live orchestrator can no longer stand in for a replay.</summary>
    public bool IsTainted { get; private set; }

    /// <summary>Between two steps of a cached orchestrator: nothing may run until the next step.</summary>
    public void Pause()
    {
        lock (_gate)
        {
            _paused = true;
        }
    }

    /// <summary>A new step of a cached orchestrator begins.</summary>
    public void Unpause()
    {
        lock (_gate)
        {
            _paused = false;
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
            if (_paused)
            {
                IsTainted = true;
            }
            else if (!_closed)
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
