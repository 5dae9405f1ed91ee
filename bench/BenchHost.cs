using EduFlows.Durable;
using EduFlows.Durable.Backend;
using EduFlows.Durable.Backend.AzureStorage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EduFlows.Bench;

/// <summary>A worker and client over one backend, on the real clock.</summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IHostedService[] _hosted;

    private BenchHost(ServiceProvider services)
    {
        _services = services;
        _hosted = [.. services.GetServices<IHostedService>()];
        Client = services.GetRequiredService<DurableTaskClient>();
        Backend = services.GetRequiredService<IOrchestrationBackend>();
    }

    public DurableTaskClient Client { get; }

    public IOrchestrationBackend Backend { get; }

    /// <summary>Requests sent to storage so far (null for the in-memory backend).</summary>
    public long? StorageOperations => (Backend as AzureStorageOrchestrationBackend)?.StorageOperationCount;

    public static async Task<BenchHost> StartAsync(Func<TimeProvider, IOrchestrationBackend> backend, Action<DurableTaskRegistry> register)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(_ => backend(TimeProvider.System))
            .AddDurableTask(register)
            .BuildServiceProvider();
        var host = new BenchHost(services);
        foreach (var hosted in host._hosted)
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return host;
    }

    public async Task WaitAllAsync(IEnumerable<string> instanceIds, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        foreach (string id in instanceIds)
        {
            var meta = await Client.WaitForInstanceCompletionAsync(id, cancellationToken: cts.Token);
            if (meta.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                throw new InvalidOperationException($"{id} ended {meta.RuntimeStatus}: {meta.FailureDetails}");
            }
        }
    }

    /// <summary>Waits until <paramref name="count"/> instances with the id prefix have completed, polling a query.</summary>
    public async Task WaitForPrefixAsync(string prefix, int count, TimeSpan pollInterval, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var finished = new[] { OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated };
        while (true)
        {
            int completed = 0;
            var query = new OrchestrationQuery { InstanceIdPrefix = prefix, Statuses = finished, PageSize = 1000 };
            do
            {
                var page = await Client.GetInstancesAsync(query, cts.Token);
                if (page.Instances.FirstOrDefault(i => i.RuntimeStatus != OrchestrationRuntimeStatus.Completed) is { } bad)
                {
                    throw new InvalidOperationException($"{bad.InstanceId} ended {bad.RuntimeStatus}: {bad.FailureDetails}");
                }

                completed += page.Instances.Count;
                query = query with { ContinuationToken = page.ContinuationToken };
            }
            while (query.ContinuationToken is not null);

            if (completed >= count)
            {
                return;
            }

            await Task.Delay(pollInterval, cts.Token);
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
