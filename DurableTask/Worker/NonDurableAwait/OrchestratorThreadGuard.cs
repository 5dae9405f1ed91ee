using DurableTask.Core;

namespace EduFlows.DurableTask.Worker.NonDurableAwait;

/// <summary>
/// The synchronization context orchestrator code runs under: continuations posted from the orchestrator thread go on
/// to DurableTask.Core's context; one posted from any other thread is a non-durable task resuming the orchestrator.
/// </summary>
/// <remarks>
/// Only DurableTask.Core completes durable tasks, and only while it runs a step on the orchestrator thread. A
/// continuation posted from elsewhere (a Task.Delay timer, the thread pool, I/O) would run orchestrator code beside
/// the step or after it, and a replay could not reproduce it. It is dropped and recorded, and the worker fails the
/// instance at the end of the step instead of letting the code race the executor.
/// </remarks>
internal sealed class OrchestratorThreadGuard(SynchronizationContext? inner, DurableWork work) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state)
    {
        if (OnOrchestratorThread())
        {
            if (inner is null)
            {
                RunHere(d, state);
            }
            else
            {
                inner.Post(s => RunHere(d, s), state);
            }
        }
    }

    public override void Send(SendOrPostCallback d, object? state)
    {
        if (OnOrchestratorThread())
        {
            if (inner is null)
            {
                RunHere(d, state);
            }
            else
            {
                inner.Send(s => RunHere(d, s), state);
            }
        }
    }

    // Off the orchestrator thread nothing runs: the step's end fails the instance instead.
    private bool OnOrchestratorThread()
    {
        if (OrchestrationContext.IsOrchestratorThread)
        {
            return true;
        }

        work.MarkResumedOffThread();
        return false;
    }

    public override SynchronizationContext CreateCopy() => this;

    // Code resumed through this context must capture it again at its next await, or later continuations would bypass it.
    private void RunHere(SendOrPostCallback d, object? state)
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            d(state);
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }
}
