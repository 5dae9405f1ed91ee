using EduFlows.Durable.Backend;
using EduFlows.Durable.Backend.AzureStorage;
using EduFlows.Durable.Backend.InMemory;
using EduFlows.Durable.Client;
using EduFlows.Durable.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EduFlows.Durable;

/// <summary>Registers the durable runtime: registry, worker, client. A backend is registered separately.</summary>
public static class DurableTaskServiceCollectionExtensions
{
    /// <summary>Adds the worker (a hosted service) and the client, with the orchestrators and activities <paramref name="register"/> names.</summary>
    public static IServiceCollection AddDurableTask(this IServiceCollection services, Action<DurableTaskRegistry> register, DurableTaskWorkerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(register);
        var registry = new DurableTaskRegistry();
        register(registry);
        options ??= new DurableTaskWorkerOptions();
        options.Validate();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(registry);
        services.AddSingleton(options);
        services.AddSingleton<DurableTaskClient>(sp => new DefaultDurableTaskClient(sp.GetRequiredService<IOrchestrationBackend>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<DurableTaskWorker>();
        return services;
    }

    /// <summary>Uses Azure Storage (Azurite locally) for instances, queues, timers and payloads.</summary>
    public static IServiceCollection AddAzureStorageDurableBackend(this IServiceCollection services, AzureStorageBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IOrchestrationBackend>(sp => new AzureStorageOrchestrationBackend(
            options, sp.GetRequiredService<TimeProvider>(), sp.GetService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        return services;
    }

    /// <summary>Uses the in-memory backend (tests, benchmarks, demos without storage).</summary>
    public static IServiceCollection AddInMemoryDurableBackend(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IOrchestrationBackend>(sp => new InMemoryOrchestrationBackend(sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
