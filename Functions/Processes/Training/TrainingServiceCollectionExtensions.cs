using EduFlows.AuditLog;
using EduFlows.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EduFlows.Processes.Training;

/// <summary>Registers courses and lectures: their tables, links and desk, what an attendee sees on /api/me, and the audit log the office's corrections are written to.</summary>
public static class TrainingServiceCollectionExtensions
{
    /// <summary>Adds the options (<see cref="TrainingOptions"/>), the store (tables of <paramref name="storage"/> named after <paramref name="hubName"/>), the links, the desk and the attendee's own results (<see cref="AttendeeOwnResults"/>) (their index's one-time backfill, <see cref="TrainingRegistrationBackfill"/>, is registered with the app's other one-time work).</summary>
    public static IServiceCollection AddTrainingServices(this IServiceCollection services, StorageAccount storage, string hubName)
    {
        // From the app's configuration when the host has one (the section Training), the defaults otherwise; one registered earlier wins.
        services.TryAddSingleton(sp => sp.GetService<IConfiguration>() is { } configuration ? TrainingOptions.FromConfiguration(configuration) : TrainingOptions.Default);
        services.AddSingleton(new TrainingStore(storage, hubName));
        services.AddSingleton<TrainingLinks>();
        services.AddSingleton<TrainingDesk>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<EduFlows.StaffPortal.IOwnResults, AttendeeOwnResults>());

        services.AddAuditLog(storage, hubName);
        return services;
    }

    /// <summary>The same from a connection string (tests, Azurite).</summary>
    public static IServiceCollection AddTrainingServices(this IServiceCollection services, string storage, string hubName) =>
        services.AddTrainingServices(StorageAccount.FromConnectionString(storage), hubName);
}
