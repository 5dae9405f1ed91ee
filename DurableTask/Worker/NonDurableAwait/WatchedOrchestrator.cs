using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace EduFlows.DurableTask.Worker.NonDurableAwait;

/// <summary>An SDK orchestrator run with a tracked context, under a guard that notices resumption off the orchestrator thread.</summary>
internal sealed class WatchedOrchestrator(ITaskOrchestrator inner, DurableWork work, ILoggerFactory loggerFactory) : ITaskOrchestrator
{
    public Type InputType => inner.InputType;

    public Type OutputType => inner.OutputType;

    public Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
    {
        // Every await in the orchestrator's code captures the guard; the step's own context is restored on return.
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(new OrchestratorThreadGuard(previous, work));
        try
        {
            var run = inner.RunAsync(new TrackedOrchestrationContext(context, work, loggerFactory), input);
            work.Run = run;
            return run;
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }
}
