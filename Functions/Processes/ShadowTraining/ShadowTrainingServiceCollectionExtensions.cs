using EduFlows.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EduFlows.Processes.ShadowTraining;

/// <summary>Registers what shadow training needs besides e-mailed tasks: its tables, options and certificate links.</summary>
public static class ShadowTrainingServiceCollectionExtensions
{
    /// <summary>Adds the store (tables named after <paramref name="hubName"/>), the default options and certificate links.</summary>
    public static IServiceCollection AddShadowTrainingServices(this IServiceCollection services, string storage, string hubName) =>
        services.AddShadowTrainingServices(StorageAccount.FromConnectionString(storage), hubName);

    /// <summary>Adds the store (tables of <paramref name="storage"/> named after <paramref name="hubName"/>), the default options and certificate links.</summary>
    public static IServiceCollection AddShadowTrainingServices(this IServiceCollection services, StorageAccount storage, string hubName)
    {
        // Options a host registered before are checked now, at start-up, rather than when a batch's week misbehaves.
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(ShadowTrainingOptions))?.ImplementationInstance as ShadowTrainingOptions;
        (registered ?? ShadowTrainingOptions.Default).Validated();
        services.TryAddSingleton(ShadowTrainingOptions.Default);
        services.AddSingleton(new ShadowTrainingStore(storage, hubName));
        services.AddSingleton<CertificateLinks>();
        services.AddSingleton<BatchDesk>();
        services.AddSingleton<EduFlows.StaffPortal.IOwnResults, TraineeOwnResults>();
        return services;
    }
}
