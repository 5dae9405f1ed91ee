using DurableTask.Core;
using DurableTask.Core.Exceptions;
using EduFlows.DurableTask.Worker.NonDurableAwait;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EduFlows.DurableTask.Worker;

/// <summary>
/// The Durable Task SDK worker, executed by DurableTask.Core's <see cref="TaskHubWorker"/> over the configured
/// storage provider: the SDK's orchestrators replay exactly as they do under Azure Functions' Durable extension.
/// </summary>
/// <remarks>
/// DurableTask.Core stamps each step's <c>OrchestratorStartedEvent</c> with the wall clock, and
/// <c>CurrentUtcDateTime</c> reads that stamp; a dispatch middleware sets it from the app's <see cref="TimeProvider"/>
/// instead, so a fake or dev clock drives the processes' notion of time.
/// </remarks>
public sealed class TaskHubDurableTaskWorker : DurableTaskWorker
{
    private readonly IOrchestrationService _service;
    private readonly IServiceProvider _services;
    private readonly StepClock _clock;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly DurableTaskWorkerOptions _options;
    private readonly QuietVersionRejections _coreLogs;

    /// <summary>Creates the worker; the SDK's worker builder calls this with the registry's factory.</summary>
    public TaskHubDurableTaskWorker(
        string? name,
        IDurableTaskFactory factory,
        IOptionsMonitor<DurableTaskWorkerOptions> options,
        IOrchestrationService service,
        IServiceProvider services,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        RegisteredTasks registered)
        : base(name, factory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registered);
        registered.Use(factory);
        _options = options.Get(name ?? Options.DefaultName);
        _service = service;
        _services = services;
        _clock = new StepClock(time);
        _time = time;
        _loggerFactory = loggerFactory;
        _coreLogs = new QuietVersionRejections(loggerFactory);
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Work a stop cuts short (its services disposed, its wait given up) is handed back, not failed (StopCutShort).
        var stopping = new WorkerStopping(stoppingToken, _services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None);
        var shims = new DurableTaskShimFactory(_options, _loggerFactory);
        using var worker = new TaskHubWorker(
            _service,
            new SdkOrchestrationManager(Factory, shims, _services, _loggerFactory),
            new SdkActivityManager(Factory, shims, _services.GetRequiredService<IServiceScopeFactory>(), new ActivityLimit(_services.GetService<FunctionTimeout>(), _time), stopping),
            _coreLogs)
        {
            // The SDK reads failures from FailureDetails; DurableTask.Core's default would hand it serialized exceptions.
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        worker.AddOrchestrationDispatcherMiddleware((context, next) => StampStepAsync(context, next, stopping));

        // Microsoft's provider needs its queues, tables and lease blobs before it starts; ours creates what it uses.
        await _service.CreateIfNotExistsAsync().ConfigureAwait(false);
        await worker.StartAsync().ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: fall through to a graceful stop of the dispatchers.
        }

        await worker.StopAsync(isForced: true).ConfigureAwait(false);
    }

    private async Task StampStepAsync(global::DurableTask.Core.Middleware.DispatchMiddlewareContext context, Func<Task> next, WorkerStopping stopping)
    {
        var runtime = context.GetProperty<OrchestrationRuntimeState>();
        if (runtime is null)
        {
            await next().ConfigureAwait(false);
            return;
        }

        EndedChildFailures.Fill(runtime);
        _clock.Stamp(runtime, context.GetProperty<TaskOrchestrationWorkItem>());

        // The SDK's context reports its parent only when told; the start event knows it.
        var orchestration = context.GetProperty<TaskOrchestration>() as SdkOrchestration;
        string name = orchestration?.Name ?? runtime.Name ?? string.Empty;
        if (runtime.ExecutionStartedEvent is not null && VersionGate.Refusal(_options.Versioning, name, runtime.Version) is { } refusal)
        {
            if (_options.Versioning?.FailureStrategy == DurableTaskWorkerOptions.VersionFailureStrategy.Fail)
            {
                // The dispatcher takes a result set by middleware instead of running the orchestrator.
                context.SetProperty(VersionGate.Failure(refusal));
                return;
            }

            // Reject: the dispatcher abandons the work item and it comes back later, unchanged, for a matching worker;
            // said once, not at every return.
            _coreLogs.Refused(runtime.OrchestrationInstance?.InstanceId ?? string.Empty, runtime.Version, refusal);
            throw new VersionRejectedException(refusal);
        }

        if (orchestration is not null && runtime.ParentInstance is { } parent)
        {
            orchestration.Parent = new ParentOrchestrationInstance(new TaskName(parent.Name), parent.OrchestrationInstance.InstanceId);
        }

        await next().ConfigureAwait(false);

        var result = context.GetProperty<OrchestratorExecutionResult>();
        if (stopping.IsRequested && StopCutShort.Failed(result) is { } failure)
        {
            // A step that fails its instance while the worker stops, with a failure a stop causes (the host's services
            // disposed under the orchestrator): not committed, it runs again on the next worker, which fails it again
            // if the failure was its own. A failure of any other kind is committed as at any other time.
            throw new SessionAbortedException($"Orchestration '{name}' failed while its worker stopped ({failure}); it runs again on the next worker.");
        }

        if (runtime.OrchestrationInstance?.InstanceId is { } instanceId)
        {
            ContinueAsNewCarryOver.Apply(result, instanceId);
        }

        if (orchestration is not null)
        {
            NonDurableAwaitCheck.Apply(result, runtime, orchestration.Name, orchestration.Work);
        }

        ReplayMismatch.Explain(result, runtime, name);
    }
}
