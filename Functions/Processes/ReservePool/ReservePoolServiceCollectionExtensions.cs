using EduFlows.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EduFlows.Processes.ReservePool;

/// <summary>Registers the reserve pool: its tables, options and desk.</summary>
public static class ReservePoolServiceCollectionExtensions
{
    /// <summary>Adds the store (tables of <paramref name="storage"/> named after <paramref name="hubName"/>), the default options and the desk.</summary>
    public static IServiceCollection AddReservePoolServices(this IServiceCollection services, StorageAccount storage, string hubName)
    {
        services.TryAddSingleton(ReservePoolOptions.Default);
        services.AddSingleton(new ReservePoolStore(storage, hubName));
        services.AddSingleton<ReservePoolDesk>();
        return services;
    }

    /// <summary>The same from a connection string (tests, Azurite).</summary>
    public static IServiceCollection AddReservePoolServices(this IServiceCollection services, string storage, string hubName) =>
        services.AddReservePoolServices(StorageAccount.FromConnectionString(storage), hubName);
}
