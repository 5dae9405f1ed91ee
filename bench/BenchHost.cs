using System.Globalization;
using System.Text;
using Azure.Storage.Queues;
using EduFlows.DurableTask;
using EduFlows.DurableTask.Storage;
using EduFlows.DurableTask.Storage.AzureStorage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EduFlows.Bench;

/// <summary>The SDK worker and client over one provider, on the real clock, as a host would run them.</summary>
/// <remarks>
/// Every wait here honours the watched round's token (<see cref="RoundWatch"/>) as well as its own limit, and ends when
/// either fires even if the call it waits on ignores its token; the host's stop is bounded too.
/// </remarks>
internal sealed class BenchHost : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(30);

    // Each part of a stall dump within its own limit, so one call that ignores its token (Microsoft's instance query on a
    // busy hub) costs that part only, not the whole dump; four parts stay inside the dump's 30 s.
    private static readonly TimeSpan DumpSectionLimit = TimeSpan.FromSeconds(7);
    private readonly ServiceProvider _services;
    private readonly IHostedService[] _hosted;
    private readonly BenchProvider _provider;
    private readonly string _hub;

    private BenchHost(ServiceProvider services, BenchProvider provider, string hub)
    {
        _services = services;
        _provider = provider;
        _hub = hub;
        _hosted = [.. services.GetServices<IHostedService>()];
        Client = services.GetRequiredService<DurableTaskClient>();
    }

    public DurableTaskClient Client { get; }

    /// <summary>The EduFlows provider's Azure Storage engine, when that is what runs (its request counter), else null.</summary>
    public AzureStorageOrchestrationBackend? EduFlowsBackend => _services.GetService<IOrchestrationBackend>() as AzureStorageOrchestrationBackend;

    public static async Task<BenchHost> StartAsync(BenchProvider provider, Action<DurableTaskRegistry> register)
    {
        var collection = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System);
        string hub = provider.Register(collection);
        var host = new BenchHost(collection.AddDurableTask(register).BuildServiceProvider(), provider, hub);
        if (RoundWatch.Current is { } watch)
        {
            watch.Diagnose = host.DiagnoseAsync;
            watch.Report("host starting");
        }

        foreach (var hosted in host._hosted)
        {
            await hosted.StartAsync(Token).WaitAsync(Token);
        }

        RoundWatch.Current?.Report("host started");
        return host;
    }

    private static CancellationToken Token => RoundWatch.Current?.Token ?? CancellationToken.None;

    /// <summary>Starts an instance, reporting it as progress; ends when the round is stopped even if the start does not.</summary>
    public async Task<string> ScheduleAsync(TaskName orchestrator, object? input, StartOrchestrationOptions? options, string progress)
    {
        string id = await Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, options, Token).WaitAsync(Token);
        RoundWatch.Current?.Report(progress);
        return id;
    }

    /// <summary>Waits for each instance to complete; a failed one ends the run. Each step an instance takes counts as progress.</summary>
    public async Task WaitAllAsync(IEnumerable<string> instanceIds, TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);
        cts.CancelAfter(timeout);
        int done = 0;
        foreach (string id in instanceIds)
        {
            while (true)
            {
                var meta = await Client.GetInstancesAsync(id, getInputsAndOutputs: true, cts.Token).WaitAsync(cts.Token);
                RoundWatch.Current?.Report($"{done} finished; {id} {meta?.RuntimeStatus} updated {meta?.LastUpdatedAt:O}");
                if (meta is { IsCompleted: true })
                {
                    if (meta.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
                    {
                        throw new InvalidOperationException($"{id} ended {meta.RuntimeStatus}: {meta.FailureDetails}");
                    }

                    done++;
                    break;
                }

                await Task.Delay(PollInterval, cts.Token);
            }
        }
    }

    /// <summary>Waits until <paramref name="count"/> instances with the id prefix have finished, polling a query.</summary>
    public async Task WaitForPrefixAsync(string prefix, int count, TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);
        cts.CancelAfter(timeout);
        var finished = new[] { OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated };
        while (true)
        {
            int completed = await CountFinishedAsync(prefix, finished, cts.Token).WaitAsync(cts.Token);
            RoundWatch.Current?.Report($"{completed} of {count} finished ({prefix})");
            if (completed >= count)
            {
                return;
            }

            await Task.Delay(PollInterval, cts.Token);
        }
    }

    /// <summary>
    /// What a stalled round's dump shows: instances by runtime status (from the query, and for the unfinished ones the
    /// status read by id), the task hub's queues, and on our provider what the worker holds and what its dispatchers hold.
    /// </summary>
    public async Task<string> DiagnoseAsync(CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## {_provider.Name}, task hub {_hub}");
        text.AppendLine();
        await Section(text, "Instances by runtime status (query)", async () =>
        {
            var all = new List<OrchestrationMetadata>();
            await foreach (var meta in Client.GetAllInstancesAsync(new OrchestrationQuery { PageSize = 1000 }).WithCancellation(cancellationToken))
            {
                all.Add(meta);
            }

            var lines = all.GroupBy(m => m.RuntimeStatus).OrderBy(g => g.Key).Select(g => $"- {g.Key}: {g.Count()}").ToList();
            foreach (var meta in all.Where(m => !m.IsCompleted).OrderBy(m => m.LastUpdatedAt).Take(10))
            {
                // Read by id as well: the query's rows may trail the instance's own state.
                var byId = await Client.GetInstancesAsync(meta.InstanceId, cancellation: cancellationToken);
                lines.Add($"  - {meta.InstanceId}: query {meta.RuntimeStatus}, by id {byId?.RuntimeStatus}, created {meta.CreatedAt:HH:mm:ss.fff}, updated {byId?.LastUpdatedAt:HH:mm:ss.fff}");
            }

            return lines.Count == 0 ? "- none" : string.Join('\n', lines);
        });
        await Section(text, "Queues of the task hub (approximate messages, visible or not)", async () =>
        {
            var service = new QueueServiceClient(_provider.ConnectionString);
            var lines = new List<string>();
            await foreach (var queue in service.GetQueuesAsync(prefix: _hub.ToLowerInvariant(), cancellationToken: cancellationToken))
            {
                var properties = await service.GetQueueClient(queue.Name).GetPropertiesAsync(cancellationToken);
                lines.Add($"- {queue.Name}: {properties.Value.ApproximateMessagesCount}");
            }

            return lines.Count == 0 ? "- none" : string.Join('\n', lines);
        });
        if (_services.GetService<EduFlows.DurableTask.Storage.EduFlowsOrchestrationService>() is { } service)
        {
            await Section(text, "Work items the dispatchers hold (handed out, not completed or abandoned)", () =>
            {
                var now = DateTimeOffset.UtcNow;
                var lines = service.InFlight.OrderBy(w => w.Since).Take(20)
                    .Select(w => $"- {w.Kind} of {w.InstanceId}, for {(now - w.Since).TotalSeconds:0.#} s").ToList();
                return Task.FromResult(lines.Count == 0 ? "- none" : $"{service.InFlight.Count} in all\n" + string.Join('\n', lines));
            });
        }

        if (EduFlowsBackend is { } backend)
        {
            await Section(text, "What the worker holds (partitions, instances, activity calls)", () => backend.DescribeAsync(cancellationToken));
        }

        return text.ToString();

        static async Task Section(StringBuilder text, string title, Func<Task<string>> read)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"### {title}");
            text.AppendLine();
            try
            {
                // The dump's own limit is the caller's token, which each part's calls get already.
                text.AppendLine(await read().WaitAsync(DumpSectionLimit, CancellationToken.None));
            }
            catch (TimeoutException)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"(no answer within {DumpSectionLimit.TotalSeconds:0} s)");
            }
#pragma warning disable CA1031 // A dump says what it could not read and goes on with the rest.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"(unreadable: {ex.GetType().Name}: {ex.Message.Split('\n')[0]})");
            }

            text.AppendLine();
        }
    }

    /// <summary>Stops the worker and disposes the provider, each within <see cref="StopLimit"/>.</summary>
    /// <exception cref="TimeoutException">When the host does not stop in time (it is left behind).</exception>
    public async ValueTask DisposeAsync()
    {
        RoundWatch.Current?.Report("host stopping");
        using var limit = new CancellationTokenSource(StopLimit);
        try
        {
            foreach (var hosted in _hosted)
            {
                await hosted.StopAsync(limit.Token).WaitAsync(limit.Token);
            }

            await _services.DisposeAsync().AsTask().WaitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            throw new TimeoutException($"The {_provider.Name} host did not stop within {StopLimit.TotalSeconds:0} s.");
        }

        RoundWatch.Current?.Report("host stopped");
    }

    private async Task<int> CountFinishedAsync(string prefix, OrchestrationRuntimeStatus[] finished, CancellationToken cancellationToken)
    {
        int completed = 0;
        await foreach (var meta in Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, Statuses = finished, PageSize = 1000 }).WithCancellation(cancellationToken))
        {
            if (meta.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                throw new InvalidOperationException($"{meta.InstanceId} ended {meta.RuntimeStatus}: {meta.FailureDetails}");
            }

            completed++;
        }

        return completed;
    }
}
