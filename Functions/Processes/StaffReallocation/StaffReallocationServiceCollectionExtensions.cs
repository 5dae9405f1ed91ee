using EduFlows.Storage;
using EduFlows.Tasks;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>Registers what the reallocation needs besides e-mailed tasks: its tables, the appeal links of result mails and the wording of its review tasks.</summary>
public static class StaffReallocationServiceCollectionExtensions
{
    /// <summary>Adds the store (tables named after <paramref name="hubName"/>) of a connection string.</summary>
    public static IServiceCollection AddStaffReallocationServices(this IServiceCollection services, string storage, string hubName) =>
        services.AddStaffReallocationServices(StorageAccount.FromConnectionString(storage), hubName);

    /// <summary>Adds the store (tables of <paramref name="storage"/> named after <paramref name="hubName"/>).</summary>
    public static IServiceCollection AddStaffReallocationServices(this IServiceCollection services, StorageAccount storage, string hubName) =>
        services.AddSingleton(sp => new StaffReallocationStore(storage, hubName, sp.GetService<TimeProvider>())).AddSingleton(new PointsSheetStore(storage, hubName))
            .AddSingleton<ReallocationAppealLinks>().AddSingleton<PointsObjectionLinks>()
            // The bureau's review tasks name the person by name, worded as the desk opens them (TaskDesk.OpenAsync).
            .AddSingleton<IStaffTaskWording, ReviewTaskWording>();
}
