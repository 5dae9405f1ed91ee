using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.Query;
using EduFlows.DurableTask.Client;
using EduFlows.DurableTask.Providers;
using EduFlows.DurableTask.Storage;
using EduFlows.DurableTask.Storage.AzureStorage;
using EduFlows.DurableTask.Storage.InMemory;
using EduFlows.DurableTask.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EduFlows.DurableTask;

/// <summary>Registers the Durable Task SDK worker and client on DurableTask.Core, and the storage provider under them.</summary>
public static class DurableTaskServiceCollectionExtensions
{
    // The EduFlows provider keeps timers as rows with no length limit, so the SDK need not split long timers.
    private static readonly TimeSpan UnsplitTimers = TimeSpan.FromDays(3650);

    // Microsoft's provider hides a timer message for at most seven days; Durable Functions splits at six.
    private static readonly TimeSpan AzureStorageLongestTimer = TimeSpan.FromDays(6);

    /// <summary>Adds the worker (a hosted service) and the client, with the orchestrators and activities <paramref name="register"/> names.</summary>
    /// <param name="services">The services.</param>
    /// <param name="register">Registers the orchestrators and activities.</param>
    /// <param name="restartVersion">
    /// The version the client's restart starts a new run at: the recorded one (the SDK's own host) unless a host that
    /// stands in for the Durable Functions extension asks for <see cref="RestartVersion.Default"/>.
    /// </param>
    /// <remarks>
    /// A provider is registered separately: <see cref="AddDurableStorage"/> as a host chooses it, or one directly
    /// (<see cref="AddInMemoryDurableBackend"/>, <see cref="AddAzureStorageDurableBackend"/>, <see cref="AddAzureStorageProvider"/>).
    /// </remarks>
    public static IServiceCollection AddDurableTask(this IServiceCollection services, Action<DurableTaskRegistry> register, RestartVersion restartVersion = RestartVersion.Recorded)
    {
        ArgumentNullException.ThrowIfNull(register);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RegisteredTasks>();
        services.TryAddScoped<ActivityCancellation>();
        services.AddDurableTaskWorker(builder =>
        {
            builder.AddTasks(register);
            builder.Configure(options =>
            {
                options.DataConverter = PayloadJson.Converter;
                options.MaximumTimerInterval = UnsplitTimers;
            });
            builder.UseBuildTarget<TaskHubDurableTaskWorker>();
        });
        // New instances started without a version take the worker's default, as Durable Functions does with host.json's defaultVersion.
        services.AddSingleton<DurableTaskClient>(sp => new TaskHubDurableTaskClient(
            sp.GetRequiredService<IOrchestrationServiceClient>(),
            PayloadJson.Converter,
            sp.GetRequiredService<TimeProvider>(),
            defaultVersion: sp.GetRequiredService<IOptionsMonitor<DurableTaskWorkerOptions>>().Get(Options.DefaultName).Versioning?.DefaultVersion,
            restartVersion: restartVersion));
        return services;
    }

    /// <summary>The provider <paramref name="options"/> names (<c>storageProvider.type</c> in <c>host.json</c>), on its storage account.</summary>
    /// <exception cref="ArgumentException">When the options are invalid.</exception>
    public static IServiceCollection AddDurableStorage(this IServiceCollection services, DurableStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options.Type == DurableStorageProvider.AzureStorage
            ? services.AddAzureStorageProvider(options.ToAzureStorage())
            : services.AddAzureStorageDurableBackend(options.ToEduFlowsBackend(), options.ToEduFlowsProvider());
    }

    /// <summary>Microsoft's <c>DurableTask.AzureStorage</c> provider (<c>AzureStorage</c>), the one Azure Functions runs.</summary>
    /// <remarks>
    /// Its timers are queue messages whose visibility delay follows the wall clock, cut into pieces of at most six days
    /// (a queue message hides for at most seven); orchestration time still comes from the app's <see cref="TimeProvider"/>.
    /// </remarks>
    /// <exception cref="ArgumentException">When the options are invalid.</exception>
    public static IServiceCollection AddAzureStorageProvider(this IServiceCollection services, AzureStorageProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.TryAddSingleton(TimeProvider.System);
        services.PostConfigureAll<DurableTaskWorkerOptions>(worker => worker.MaximumTimerInterval = AzureStorageLongestTimer);
        services.AddSingleton(sp => new AzureStorageOrchestrationService(options.ToSettings(sp.GetService<ILoggerFactory>())));
        services.AddSingleton<IOrchestrationService>(sp => sp.GetRequiredService<AzureStorageOrchestrationService>());
        services.AddSingleton<IOrchestrationServiceClient>(sp => sp.GetRequiredService<AzureStorageOrchestrationService>());
        services.AddSingleton<IOrchestrationServiceQueryClient>(sp => sp.GetRequiredService<AzureStorageOrchestrationService>());
        services.AddSingleton<IOrchestrationServicePurgeClient>(sp => sp.GetRequiredService<AzureStorageOrchestrationService>());
        return services;
    }

    /// <summary>The <c>EduFlows</c> provider on Azure Storage (Azurite locally): instances, queues, timers and payloads.</summary>
    public static IServiceCollection AddAzureStorageDurableBackend(this IServiceCollection services, AzureStorageBackendOptions options, EduFlowsProviderOptions? provider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IOrchestrationBackend>(sp => new AzureStorageOrchestrationBackend(
            options, sp.GetRequiredService<TimeProvider>(), sp.GetService<ILoggerFactory>()));
        return services.AddEduFlowsProvider(provider);
    }

    /// <summary>The <c>EduFlows</c> provider in memory (unit tests, benchmarks, demos without storage).</summary>
    public static IServiceCollection AddInMemoryDurableBackend(this IServiceCollection services, EduFlowsProviderOptions? provider = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IOrchestrationBackend>(sp => new InMemoryOrchestrationBackend(sp.GetRequiredService<TimeProvider>()));
        return services.AddEduFlowsProvider(provider);
    }

    /// <summary>The <c>EduFlows</c> provider over whatever <see cref="IOrchestrationBackend"/> is registered.</summary>
    public static IServiceCollection AddEduFlowsProvider(this IServiceCollection services, EduFlowsProviderOptions? provider = null)
    {
        services.AddSingleton(sp => new EduFlowsOrchestrationService(
            sp.GetRequiredService<IOrchestrationBackend>(), sp.GetRequiredService<TimeProvider>(), provider, sp.GetService<ILoggerFactory>()));
        services.AddSingleton<IOrchestrationService>(sp => sp.GetRequiredService<EduFlowsOrchestrationService>());
        services.AddSingleton<IOrchestrationServiceClient>(sp => sp.GetRequiredService<EduFlowsOrchestrationService>());
        services.AddSingleton<IOrchestrationServiceQueryClient>(sp => sp.GetRequiredService<EduFlowsOrchestrationService>());
        services.AddSingleton<IOrchestrationServicePurgeClient>(sp => sp.GetRequiredService<EduFlowsOrchestrationService>());
        return services;
    }
}
