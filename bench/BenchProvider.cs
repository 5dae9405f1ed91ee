using EduFlows.DurableTask;
using EduFlows.DurableTask.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.Bench;

/// <summary>A storage provider the benchmark runs, by its <c>storageProvider.type</c> name, on a shared storage account.</summary>
/// <param name="Type">The provider.</param>
/// <param name="ConnectionString">The storage account both providers use (the same Azurite).</param>
internal sealed record BenchProvider(DurableStorageProvider Type, string ConnectionString)
{
    public string Name => Type.ToString();

    /// <summary>Registers the provider on a fresh task hub, with the same limits for both; returns the hub's name.</summary>
    public string Register(IServiceCollection services)
    {
        string hub = "Bench" + Guid.NewGuid().ToString("N")[..12];
        services.AddDurableStorage(new DurableStorageOptions
        {
            Type = Type,
            ConnectionString = ConnectionString,
            TaskHubName = hub,

            // Both back off to the same short idle poll, so neither waits out Microsoft's 30 s default.
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(100),
        });
        return hub;
    }
}
