using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;

namespace EduFlows.DurableTask.Worker.NonDurableAwait;

/// <summary>The SDK's orchestration context as the orchestrator sees it, recording every durable task it hands out.</summary>
/// <remarks>Everything else is forwarded unchanged by the base class.</remarks>
internal sealed class TrackedOrchestrationContext(TaskOrchestrationContext inner, DurableWork work, ILoggerFactory loggerFactory)
    : DelegatingOrchestrationContext(inner)
{
    public override TaskOrchestrationEntityFeature Entities
    {
        get
        {
            work.UsesUntrackedTasks = true;
            return Inner.Entities;
        }
    }

    protected override ILoggerFactory LoggerFactory => loggerFactory;

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null) =>
        work.Track(Inner.CallActivityAsync<TResult>(name, input, options));

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        work.Track(Inner.CallSubOrchestratorAsync<TResult>(orchestratorName, input, options));

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) =>
        work.Track(Inner.CreateTimer(fireAt, cancellationToken));

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        work.Track(Inner.WaitForExternalEvent<T>(eventName, cancellationToken));
}
