using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;

namespace EduFlows.DurableTask.Worker;

/// <summary>
/// An orchestration context that forwards everything to the SDK's own, for wrappers that change one or two members
/// (the non-durable-await guard tracks the tasks it hands out; the local host reads a function's input as asked).
/// The SDK's convenience overloads reach these members through the base class.
/// </summary>
/// <param name="inner">The context to forward to.</param>
public abstract class DelegatingOrchestrationContext(TaskOrchestrationContext inner) : TaskOrchestrationContext
{
    /// <summary>The context forwarded to.</summary>
    protected TaskOrchestrationContext Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc/>
    public override TaskName Name => Inner.Name;

    /// <inheritdoc/>
    public override string InstanceId => Inner.InstanceId;

    /// <inheritdoc/>
    public override ParentOrchestrationInstance? Parent => Inner.Parent;

    /// <inheritdoc/>
    public override DateTime CurrentUtcDateTime => Inner.CurrentUtcDateTime;

    /// <inheritdoc/>
    public override bool IsReplaying => Inner.IsReplaying;

    /// <inheritdoc/>
    public override string Version => Inner.Version;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> Properties => Inner.Properties;

    /// <inheritdoc/>
    public override TaskOrchestrationEntityFeature Entities => Inner.Entities;

    /// <inheritdoc/>
    /// <remarks>The inner context's own factory is protected; its replay-safe one is what a wrapper can reach.</remarks>
    protected override ILoggerFactory LoggerFactory => Inner.ReplaySafeLoggerFactory;

    /// <inheritdoc/>
    public override T GetInput<T>() => Inner.GetInput<T>()!;

    /// <inheritdoc/>
    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null) =>
        Inner.CallActivityAsync<TResult>(name, input, options);

    /// <inheritdoc/>
    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        Inner.CallSubOrchestratorAsync<TResult>(orchestratorName, input, options);

    /// <inheritdoc/>
    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => Inner.CreateTimer(fireAt, cancellationToken);

    /// <inheritdoc/>
    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        Inner.WaitForExternalEvent<T>(eventName, cancellationToken);

    /// <inheritdoc/>
    public override void SendEvent(string instanceId, string eventName, object payload) => Inner.SendEvent(instanceId, eventName, payload);

    /// <inheritdoc/>
    public override void SetCustomStatus(object? customStatus) => Inner.SetCustomStatus(customStatus);

    /// <inheritdoc/>
    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) => Inner.ContinueAsNew(newInput, preserveUnprocessedEvents);

    /// <inheritdoc/>
    public override void ContinueAsNew(ContinueAsNewOptions options) => Inner.ContinueAsNew(options);

    /// <inheritdoc/>
    public override Guid NewGuid() => Inner.NewGuid();
}
