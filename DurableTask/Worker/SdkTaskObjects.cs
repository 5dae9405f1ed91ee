using DurableTask.Core;
using DurableTask.Core.Exceptions;
using EduFlows.DurableTask.Worker.NonDurableAwait;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EduFlows.DurableTask.Worker;

/// <summary>Finds the SDK orchestrator registered under a name and wraps it for DurableTask.Core's dispatcher.</summary>
internal sealed class SdkOrchestrationManager(IDurableTaskFactory factory, DurableTaskShimFactory shims, IServiceProvider services, ILoggerFactory loggerFactory)
    : INameVersionObjectManager<TaskOrchestration>
{
    /// <summary>Tasks come from the SDK registry, not from DurableTask.Core's own registration.</summary>
    public void Add(ObjectCreator<TaskOrchestration> creator) =>
        throw new NotSupportedException("Orchestrators are registered in the Durable Task SDK's DurableTaskRegistry.");

    public TaskOrchestration? GetObject(string name, string? version)
    {
        var taskName = new TaskName(name);

        // An unknown name fails the instance through the SDK, naming the name, instead of being retried forever.
        return factory.TryCreateOrchestrator(taskName, services, out var orchestrator) && orchestrator is not null
            ? new SdkOrchestration(taskName, orchestrator, shims, loggerFactory)
            : shims.CreateOrchestration<object?, object?>(taskName, (_, _) => throw new InvalidOperationException($"No orchestrator named '{name}' is registered."), null);
    }
}

/// <summary>
/// Finds the SDK activity registered under a name; each call gets its own DI scope, and is handed back rather than
/// failed when it ends badly while the worker's host stops (<see cref="SdkActivity"/>).
/// </summary>
internal sealed class SdkActivityManager(IDurableTaskFactory factory, DurableTaskShimFactory shims, IServiceScopeFactory scopes, ActivityLimit limit, WorkerStopping stopping)
    : INameVersionObjectManager<TaskActivity>
{
    /// <summary>Tasks come from the SDK registry, not from DurableTask.Core's own registration.</summary>
    public void Add(ObjectCreator<TaskActivity> creator) =>
        throw new NotSupportedException("Activities are registered in the Durable Task SDK's DurableTaskRegistry.");

    public TaskActivity? GetObject(string name, string? version)
    {
        var taskName = new TaskName(name);

        // Probe once with a short-lived scope, so an unknown name fails the call at once instead of at every retry.
        using (var probe = scopes.CreateScope())
        {
            if (!factory.TryCreateActivity(taskName, probe.ServiceProvider, out _))
            {
                return new MissingActivity(name);
            }
        }

        return new SdkActivity(taskName, factory, shims, scopes, limit, stopping);
    }
}

/// <summary>An SDK orchestrator as a DurableTask.Core orchestration; the parent is known only once the dispatcher has the history.</summary>
/// <remarks>One object runs one execution (DurableTask.Core asks for a new one per step), so <see cref="Work"/> describes this step's replay.</remarks>
internal sealed class SdkOrchestration(TaskName name, ITaskOrchestrator orchestrator, DurableTaskShimFactory shims, ILoggerFactory loggerFactory) : TaskOrchestration
{
    private TaskOrchestration? _shim;

    /// <summary>The orchestrator's name, for messages about it.</summary>
    public string Name => name.Name;

    /// <summary>Set by the dispatch middleware from the execution's start event, before the first call.</summary>
    public ParentOrchestrationInstance? Parent { get; set; }

    /// <summary>The durable work this execution waits on, for the non-durable await check at the end of the step.</summary>
    public DurableWork Work { get; } = new();

    private TaskOrchestration Shim => _shim ??= shims.CreateOrchestration(name, new WatchedOrchestrator(orchestrator, Work, loggerFactory), Parent);

    public override Task<string> Execute(OrchestrationContext context, string input) => Shim.Execute(context, input);

    public override string GetStatus() => Shim.GetStatus();

    public override void RaiseEvent(OrchestrationContext context, string name, string input) => Shim.RaiseEvent(context, name, input);
}

/// <summary>The function timeout on the app's clock; <see langword="null"/> timeout means none.</summary>
internal sealed record ActivityLimit(FunctionTimeout? Timeout, TimeProvider Time);

/// <summary>An SDK activity run in a DI scope of its own, disposed when the call ends, within the function timeout.</summary>
/// <remarks>
/// A call that ends while its worker stops because of the stop did not fail: the stop cut it short (it heard of the
/// host's stop, or its services were disposed under it as the host shut down; <see cref="StopCutShort.ByTheStop"/>). It is handed back (DurableTask.Core abandons a call that
/// throws <see cref="SessionAbortedException"/>) and runs again on the next worker, as Durable Functions aborts and
/// retries a function that failed while its host was stopping. Reported as the activity's failure, it failed the
/// orchestration that called it.
/// </remarks>
internal sealed class SdkActivity(TaskName name, IDurableTaskFactory factory, DurableTaskShimFactory shims, IServiceScopeFactory scopes, ActivityLimit limit, WorkerStopping stopping) : TaskActivity
{
    // After the timeout, how long a call that heard of it may take to stop before its services are disposed.
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    public override string Run(TaskContext context, string input) =>
        throw new NotSupportedException("SDK activities run asynchronously.");

    public override async Task<string> RunAsync(TaskContext context, string input)
    {
        try
        {
            return await RunInScopeAsync(context, input).ConfigureAwait(false);
        }
        catch (Exception ex) when (stopping.IsRequested && ex is not SessionAbortedException && StopCutShort.ByTheStop(ex))
        {
            throw new SessionAbortedException($"Activity '{name}' was cut short by the worker's stop ({ex.GetType().Name}: {ex.Message}); it runs again on the next worker.", ex);
        }
    }

    private async Task<string> RunInScopeAsync(TaskContext context, string input)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            if (!factory.TryCreateActivity(name, scope.ServiceProvider, out var activity) || activity is null)
            {
                throw new InvalidOperationException($"Activity '{name}' is not registered.");
            }

            var call = shims.CreateActivity(name, activity).RunAsync(context, input);
            if (limit.Timeout is not { } timeout)
            {
                return await call.ConfigureAwait(false);
            }

            using var timer = new CancellationTokenSource();
            var expiry = Task.Delay(timeout.Limit, timeout.Clock ?? limit.Time, timer.Token);
            if (await Task.WhenAny(call, expiry).ConfigureAwait(false) == call)
            {
                await timer.CancelAsync().ConfigureAwait(false);
                return await call.ConfigureAwait(false);
            }

            // Tell the call while its scoped services still live, give it a moment, then fail it as the host would.
            await scope.ServiceProvider.GetRequiredService<ActivityCancellation>().CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(call, Task.Delay(StopGrace)).ConfigureAwait(false);
            throw new TimeoutException($"Activity '{name}' ran longer than the function timeout of {timeout.Limit:c}.");
        }
    }
}

/// <summary>What runs for an activity name nobody registered: the call fails once, naming the name.</summary>
internal sealed class MissingActivity(string name) : TaskActivity
{
    public override string Run(TaskContext context, string input) => throw NotFound(name);

    public override Task<string> RunAsync(TaskContext context, string input) => throw NotFound(name);

    private static InvalidOperationException NotFound(string name) => new($"No activity named '{name}' is registered.");
}
