using EduFlows.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EduFlows.AuditLog;

/// <summary>Registers the audit log.</summary>
public static class AuditLogServices
{
    /// <summary>Adds the audit log's store (once, whoever calls first; each process that audits may call it).</summary>
    public static IServiceCollection AddAuditLog(this IServiceCollection services, StorageAccount storage, string hubName)
    {
        services.TryAddSingleton(sp => new AuditLogStore(storage, hubName, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
