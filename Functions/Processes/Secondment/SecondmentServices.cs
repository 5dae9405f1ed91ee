using EduFlows.AuditLog;
using EduFlows.Durable;
using EduFlows.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EduFlows.Processes.Secondment;

/// <summary>Registers what exchanges and secondments need besides e-mailed tasks.</summary>
public static class SecondmentServices
{
    /// <summary>Adds the store (tables named after <paramref name="hubName"/>), the default options, the desk, what learns of stopped instances (also before the retention purge) and the audit log.</summary>
    public static IServiceCollection AddSecondmentServices(this IServiceCollection services, string storage, string hubName) =>
        services.AddSecondmentServices(StorageAccount.FromConnectionString(storage), hubName);

    /// <summary>Adds the store (tables of <paramref name="storage"/> named after <paramref name="hubName"/>), the default options, the desk, what learns of stopped instances, the person's own results (<see cref="SecondmentOwnResults"/>) and the audit log.</summary>
    public static IServiceCollection AddSecondmentServices(this IServiceCollection services, StorageAccount storage, string hubName)
    {
        services.TryAddSingleton(SecondmentOptions.Default);
        services.AddSingleton(new SecondmentStore(storage, hubName));
        services.AddSingleton<SecondmentEnds>();
        services.AddSingleton<IInstancePurgeHook>(sp => sp.GetRequiredService<SecondmentEnds>());
        services.AddSingleton<SecondmentDesk>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<EduFlows.StaffPortal.IOwnResults, SecondmentOwnResults>());
        services.AddAuditLog(storage, hubName);
        return services;
    }
}
