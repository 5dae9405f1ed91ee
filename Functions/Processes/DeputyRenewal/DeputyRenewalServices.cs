using EduFlows.AuditLog;
using EduFlows.Calendar;
using EduFlows.Processes.ReservePool;
using EduFlows.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>Registers what renewal rounds need besides e-mailed tasks.</summary>
public static class DeputyRenewalServices
{
    /// <summary>Adds the store, the default options, the shared calendar and the audit log.</summary>
    public static IServiceCollection AddDeputyRenewalServices(this IServiceCollection services, string storage, string hubName) =>
        services.AddDeputyRenewalServices(StorageAccount.FromConnectionString(storage), hubName);

    /// <summary>Adds the store, the default options, the notice's signed links, each person's published result on /api/me (<see cref="RenewalOwnResults"/>), how a round restarts (<see cref="RenewalRestarts"/>), the shared calendar and the audit log.</summary>
    public static IServiceCollection AddDeputyRenewalServices(this IServiceCollection services, StorageAccount storage, string hubName)
    {
        services.TryAddSingleton(DeputyRenewalOptions.Default);
        services.AddSingleton(new DeputyRenewalStore(storage, hubName));
        services.TryAddSingleton<RenewalNoticeLinks>(); // the notice mail's links to the notice page
        services.TryAddEnumerable(ServiceDescriptor.Singleton<EduFlows.StaffPortal.IOwnResults, RenewalOwnResults>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Durable.IInstanceRestartHook, RenewalRestarts>()); // a round restarts by its own start
        services.AddSingleton(new Durable.OrchestrationVersion(DeputyRenewal.Name, DeputyRenewal.CurrentVersion)); // at the current version
        services.AddCalendar(storage, hubName);
        services.AddAuditLog(storage, hubName);
        services.AddReservePoolEntrance(storage, hubName); // its activities enter people into the reserve pool
        return services;
    }
}
