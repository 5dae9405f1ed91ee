using EduFlows.Durable.Backend;
using EduFlows.Durable.History;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EduFlows.Durable.Worker;

/// <summary>Pulls orchestration steps and activity calls from the backend and runs them.</summary>
internal sealed class DurableTaskWorker : BackgroundService
{
    private static readonly TimeSpan StepRetryDelay = TimeSpan.FromSeconds(1);

    // How long a timed-out activity may take to stop after its token is cancelled, before its scope is disposed.
    private static readonly TimeSpan TimedOutActivityGrace = TimeSpan.FromSeconds(5);

    private readonly IOrchestrationBackend _backend;
    private readonly DurableTaskRegistry _registry;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly DurableTaskWorkerOptions _options;
    private readonly ILogger _logger;
    private readonly OrchestrationSessionCache _sessions;
    private readonly OrchestrationStepRunner _steps;

    public DurableTaskWorker(
        IOrchestrationBackend backend,
        DurableTaskRegistry registry,
        IServiceProvider services,
        TimeProvider time,
        DurableTaskWorkerOptions options,
        ILoggerFactory loggerFactory)
    {
        options.Validate();
        _backend = backend;
        _registry = registry;
        _services = services;
        _time = time;
        _options = options;
        _logger = loggerFactory.CreateLogger<DurableTaskWorker>();
        _sessions = new OrchestrationSessionCache(options.MaxCachedOrchestrations);
        _steps = new OrchestrationStepRunner(registry, services, time, loggerFactory, _sessions);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = new List<Task>();
        for (int i = 0; i < _options.MaxConcurrentOrchestrations; i++)
        {
            loops.Add(Task.Run(() => Supervise("orchestration", OrchestrationLoopAsync, stoppingToken), CancellationToken.None));
        }

        for (int i = 0; i < _options.MaxConcurrentActivities; i++)
        {
            loops.Add(Task.Run(() => Supervise("activity", ActivityLoopAsync, stoppingToken), CancellationToken.None));
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
        _sessions.Clear();
    }

    private async Task Supervise(string name, Func<CancellationToken, Task> loop, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A loop returns when the backend has no more work to give (it is shutting down): that ends it.
                await loop(stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A worker loop must survive any backend error (storage outage, bad message) and keep going.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.LoopFaulted(_logger, name, ex);
                await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task OrchestrationLoopAsync(CancellationToken stoppingToken)
    {
        while (await _backend.LockNextOrchestrationAsync(stoppingToken).ConfigureAwait(false) is { } workItem)
        {
            OrchestrationStep step;
            try
            {
                step = _steps.Run(workItem);
            }
#pragma warning disable CA1031 // The step's messages go back to the queue; the exception is logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                // A step that cannot run (a bug, a dependency that fails to resolve) must not spin: back off, then retry.
                Log.StepAbandoned(_logger, workItem.InstanceId, ex);
                await Task.Delay(StepRetryDelay, CancellationToken.None).ConfigureAwait(false);
                await _backend.AbandonOrchestrationAsync(workItem, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            try
            {
                // Committing is not cancelled by shutdown: a half-done commit is worse than a late one.
                await _backend.CompleteOrchestrationAsync(workItem, step, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Storage failed: release the instance so its messages are delivered again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.StepAbandoned(_logger, workItem.InstanceId, ex);
                await Task.Delay(StepRetryDelay, CancellationToken.None).ConfigureAwait(false);
                await _backend.AbandonOrchestrationAsync(workItem, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task ActivityLoopAsync(CancellationToken stoppingToken)
    {
        while (await _backend.LockNextActivityAsync(stoppingToken).ConfigureAwait(false) is { } workItem)
        {
            var request = workItem.Request;
            HistoryEvent response;
            if (!_registry.TryGetActivity(request.Name, out var activity))
            {
                response = new TaskFailedEvent(_time.GetUtcNow(), request.TaskScheduledId,
                    new TaskFailureDetails("ActivityNotFound", $"No activity named '{request.Name}' is registered on this worker."));
            }
            else
            {
                using var limit = new CancellationTokenSource();
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, limit.Token);
                bool timedOut = false;
                try
                {
                    var scope = _services.CreateAsyncScope();
                    await using (scope.ConfigureAwait(false))
                    {
                        var context = new TaskActivityContext(request.Name, request.InstanceId, request.TaskScheduledId);
                        var run = activity(scope.ServiceProvider, context, request.Input, linked.Token);
                        string? result;
                        try
                        {
                            result = _options.ActivityTimeout is { } timeout
                                ? await run.WaitAsync(timeout, _time, stoppingToken).ConfigureAwait(false)
                                : await run.ConfigureAwait(false);
                        }
                        catch (TimeoutException) when (!run.IsCompleted)
                        {
                            // Cancel while the activity's scoped services are still alive, not after they are disposed.
                            timedOut = true;
                            await limit.CancelAsync().ConfigureAwait(false);

                            // Give a cooperative activity a moment to wind down; one that ignores its token is abandoned.
                            await Task.WhenAny(run, Task.Delay(TimedOutActivityGrace, CancellationToken.None)).ConfigureAwait(false);
                            throw;
                        }

                        response = new TaskCompletedEvent(_time.GetUtcNow(), request.TaskScheduledId, result);
                    }
                }
                catch (TimeoutException) when (timedOut && _options.ActivityTimeout is { } timeout)
                {
                    // As the Functions host does at functionTimeout: the call fails; a cooperative activity saw its token cancelled.
                    var error = new TimeoutException($"Activity '{request.Name}' ran longer than the function timeout of {timeout}.");
                    Log.ActivityFailed(_logger, request.Name, request.InstanceId, request.TaskScheduledId, error.Message);
                    response = new TaskFailedEvent(_time.GetUtcNow(), request.TaskScheduledId, TaskFailureDetails.FromException(error));
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    // Shutting down: the call is delivered again, to this worker after restart or to another.
                    await _backend.AbandonActivityAsync(workItem, CancellationToken.None).ConfigureAwait(false);
                    return;
                }
#pragma warning disable CA1031 // Any exception of an activity is its failure, reported to the orchestrator.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Log.ActivityFailed(_logger, request.Name, request.InstanceId, request.TaskScheduledId, ex.Message);
                    response = new TaskFailedEvent(_time.GetUtcNow(), request.TaskScheduledId, TaskFailureDetails.FromException(ex));
                }
            }

            var message = new OrchestrationMessage(request.Id, request.InstanceId, request.ExecutionId, response);
            try
            {
                await _backend.CompleteActivityAsync(workItem, message, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Storage failed: the call stays queued and runs again; activities are at-least-once.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.ActivityAbandoned(_logger, request.Name, request.InstanceId, ex);
                await _backend.AbandonActivityAsync(workItem, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
