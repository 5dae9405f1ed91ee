using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;

namespace EduFlows.DurableTask.Worker.NonDurableAwait;

/// <summary>The SDK's orchestration context as the orchestrator sees it, recording every durable task it hands out.</summary>
/// <remarks>Everything else is forwarded unchanged; the SDK's convenience overloads reach the tracked members through the base class.</remarks>
internal sealed class TrackedOrchestrationContext(TaskOrchestrationContext inner, DurableWork work, ILoggerFactory loggerFactory)
    : TaskOrchestrationContext
{
    public override TaskName Name => inner.Name;

    public override string InstanceId => inner.InstanceId;

    public override ParentOrchestrationInstance? Parent => inner.Parent;

    public override DateTime CurrentUtcDateTime => inner.CurrentUtcDateTime;

    public override bool IsReplaying => inner.IsReplaying;

    public override string Version => inner.Version;

    public override IReadOnlyDictionary<string, object?> Properties => inner.Properties;

    public override TaskOrchestrationEntityFeature Entities
    {
        get
        {
            work.UsesUntrackedTasks = true;
            return inner.Entities;
        }
    }

    protected override ILoggerFactory LoggerFactory => loggerFactory;

    public override T GetInput<T>() => inner.GetInput<T>()!;

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null) =>
        work.Track(inner.CallActivityAsync<TResult>(name, input, options));

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        work.Track(inner.CallSubOrchestratorAsync<TResult>(orchestratorName, input, options));

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) =>
        work.Track(inner.CreateTimer(fireAt, cancellationToken));

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        work.Track(inner.WaitForExternalEvent<T>(eventName, cancellationToken));

    public override void SendEvent(string instanceId, string eventName, object payload) => inner.SendEvent(instanceId, eventName, payload);

    public override void SetCustomStatus(object? customStatus) => inner.SetCustomStatus(customStatus);

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        inner.ContinueAsNew(newInput, preserveUnprocessedEvents);

    public override void ContinueAsNew(ContinueAsNewOptions options) => inner.ContinueAsNew(options);

    public override Guid NewGuid() => inner.NewGuid();
}
