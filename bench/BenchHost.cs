using EduFlows.DurableTask;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EduFlows.Bench;

/// <summary>The SDK worker and client over one provider, on the real clock, as a host would run them.</summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private readonly ServiceProvider _services;
    private readonly IHostedService[] _hosted;

    private BenchHost(ServiceProvider services)
    {
        _services = services;
        _hosted = [.. services.GetServices<IHostedService>()];
        Client = services.GetRequiredService<DurableTaskClient>();
    }

    public DurableTaskClient Client { get; }

    /// <summary>The EduFlows provider's Azure Storage engine, when that is what runs (its request counter), else null.</summary>
    public EduFlows.DurableTask.Storage.AzureStorage.AzureStorageOrchestrationBackend? EduFlowsBackend =>
        _services.GetService<EduFlows.DurableTask.Storage.IOrchestrationBackend>() as EduFlows.DurableTask.Storage.AzureStorage.AzureStorageOrchestrationBackend;

    public static async Task<BenchHost> StartAsync(BenchProvider provider, Action<DurableTaskRegistry> register)
    {
        var collection = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System);
        provider.Register(collection);
        var host = new BenchHost(collection.AddDurableTask(register).BuildServiceProvider());
        foreach (var hosted in host._hosted)
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return host;
    }

    /// <summary>Waits for each instance to complete; a failed one ends the run.</summary>
    public async Task WaitAllAsync(IEnumerable<string> instanceIds, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        foreach (string id in instanceIds)
        {
            var meta = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cts.Token);
            if (meta.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                throw new InvalidOperationException($"{id} ended {meta.RuntimeStatus}: {meta.FailureDetails}");
            }
        }
    }

    /// <summary>Waits until <paramref name="count"/> instances with the id prefix have finished, polling a query.</summary>
    public async Task WaitForPrefixAsync(string prefix, int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var finished = new[] { OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated };
        while (true)
        {
            int completed = 0;
            await foreach (var meta in Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, Statuses = finished, PageSize = 1000 }).WithCancellation(cts.Token))
            {
                if (meta.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
                {
                    throw new InvalidOperationException($"{meta.InstanceId} ended {meta.RuntimeStatus}: {meta.FailureDetails}");
                }

                completed++;
            }

            if (completed >= count)
            {
                return;
            }

            await Task.Delay(PollInterval, cts.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _hosted)
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
    }
}
