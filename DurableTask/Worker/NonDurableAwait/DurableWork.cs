namespace EduFlows.DurableTask.Worker.NonDurableAwait;

/// <summary>
/// What one execution of an orchestrator waits on, so the worker can tell a wait on durable work (which history
/// will resume) from a wait on anything else (which replay can never resume).
/// </summary>
internal sealed class DurableWork
{
    private readonly List<Task> _pending = [];
    private int _resumedOffThread;

    /// <summary>The orchestrator's own task, set when the execution starts.</summary>
    public Task? Run { get; set; }

    /// <summary>Set when the orchestrator uses a feature whose tasks are not tracked here (entities); it disables the check.</summary>
    public bool UsesUntrackedTasks { get; set; }

    /// <summary>
    /// True when the step ends with the orchestrator unable to go on by durable means: it was resumed off the
    /// orchestrator thread, or it still runs while every durable task it was given has completed.
    /// </summary>
    public bool IsBlockedOnNonDurableWork
    {
        get
        {
            if (Volatile.Read(ref _resumedOffThread) == 1)
            {
                return true;
            }

            if (Run is not { IsCompleted: false } || UsesUntrackedTasks)
            {
                return false;
            }

            lock (_pending)
            {
                return _pending.TrueForAll(t => t.IsCompleted);
            }
        }
    }

    public T Track<T>(T task)
        where T : Task
    {
        if (!task.IsCompleted)
        {
            lock (_pending)
            {
                _pending.Add(task);
            }
        }

        return task;
    }

    public void MarkResumedOffThread() => Volatile.Write(ref _resumedOffThread, 1);
}
