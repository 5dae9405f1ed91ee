using EduFlows.AuditLog;
using EduFlows.Calendar;
using EduFlows.Processes.ReservePool;
using EduFlows.Storage;
using EduFlows.Tasks;

namespace EduFlows.Processes.OpenSelection;

/// <summary>Registers what open selections need: their store, counting days in the bureau's time zone, the desk, the audit log and the shared calendar.</summary>
public static class OpenSelectionServices
{
    /// <summary>Adds the store (table and blob container of <paramref name="storage"/> named after <paramref name="hubName"/>) and the desk.</summary>
    public static IServiceCollection AddOpenSelectionServices(this IServiceCollection services, StorageAccount storage, string hubName)
    {
        // Both are registered once whoever asks first; the selection audits every step and counts its notice in working days.
        services.AddAuditLog(storage, hubName);
        services.AddCalendar(storage, hubName);
        services.AddSingleton(sp => new OpenSelectionStore(storage, hubName, sp.GetRequiredService<BureauClock>().Zone));
        services.AddSingleton<OpenSelectionDesk>();
        services.AddSingleton(new Durable.OrchestrationVersion(OpenSelectionOrchestration.Name, OpenSelectionOrchestration.CurrentVersion)); // a restart runs at it
        services.AddReservePoolEntrance(storage, hubName); // its activities enter people into the reserve pool
        return services;
    }

    /// <summary>The same over a connection string (the test harness's way).</summary>
    public static IServiceCollection AddOpenSelectionServices(this IServiceCollection services, string storage, string hubName) =>
        services.AddOpenSelectionServices(StorageAccount.FromConnectionString(storage), hubName);
}
