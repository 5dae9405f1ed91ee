using EduFlows.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EduFlows.Processes.ReservePool;

/// <summary>Registers the reserve pool: its tables, options, desk and what a member sees of it on /api/me.</summary>
public static class ReservePoolServiceCollectionExtensions
{
    /// <summary>Adds the store (tables of <paramref name="storage"/> named after <paramref name="hubName"/>), the default options, the desk and the member's own results (<see cref="PoolMemberOwnResults"/>).</summary>
    public static IServiceCollection AddReservePoolServices(this IServiceCollection services, StorageAccount storage, string hubName)
    {
        services.TryAddSingleton(ReservePoolOptions.Default);
        services.AddReservePoolEntrance(storage, hubName);
        services.TryAddSingleton<ReservePoolDesk>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<EduFlows.StaffPortal.IOwnResults, PoolMemberOwnResults>());
        return services;
    }

    /// <summary>The same from a connection string (tests, Azurite).</summary>
    public static IServiceCollection AddReservePoolServices(this IServiceCollection services, string storage, string hubName) =>
        services.AddReservePoolServices(StorageAccount.FromConnectionString(storage), hubName);

    /// <summary>
    /// Adds only what entry into the pool needs (the store and <see cref="PoolEntrance"/>), for the processes whose
    /// activities enter people (a selection's reserves, a renewal round's promotions); registered once whoever asks first.
    /// </summary>
    public static IServiceCollection AddReservePoolEntrance(this IServiceCollection services, StorageAccount storage, string hubName)
    {
        services.TryAddSingleton(new ReservePoolStore(storage, hubName));
        services.TryAddSingleton<PoolEntrance>();
        return services;
    }
}
