using EduFlows.Storage;
using EduFlows.Tasks;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>Registers the association's services (its task kinds go in the catalog by <see cref="AssociationTasks.AddHeadTeachersAssociation"/>).</summary>
public static class AssociationServices
{
    /// <summary>Adds the store, ballot links and the desk over a storage connection string (tests).</summary>
    public static IServiceCollection AddHeadTeachersAssociationServices(this IServiceCollection services, string storage, string hubName) =>
        services.AddHeadTeachersAssociationServices(StorageAccount.FromConnectionString(storage), hubName);

    /// <summary>Adds the store (tables named after <paramref name="hubName"/>), ballot links, the desk, the member's records for /api/me, and the default options unless a host registered its own.</summary>
    public static IServiceCollection AddHeadTeachersAssociationServices(this IServiceCollection services, StorageAccount storage, string hubName, IConfiguration? configuration = null)
    {
        services.TryAddSingleton(configuration is null ? AssociationOptions.Default : AssociationOptions.FromConfiguration(configuration));
        services.AddSingleton(sp => new AssociationStore(storage, hubName, new BallotSeal(sp.GetRequiredService<TaskTokenSigner>())));
        services.AddSingleton<BallotLinks>();
        services.AddSingleton<AssociationDesk>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<EduFlows.StaffPortal.IOwnResults, AssociationOwnResults>());
        return services;
    }
}
