using EduFlows.Calendar;
using EduFlows.Storage;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>Registers the assessment's services and its monthly timer (they need storage).</summary>
public static class DepartmentAssessmentServices
{
    /// <summary>Adds the store, the presentation store, and the desk (the monthly timer is AssessmentTimer's function).</summary>
    public static IServiceCollection AddDepartmentAssessmentServices(this IServiceCollection services, string storage, string hubName) =>
        services.AddDepartmentAssessmentServices(StorageAccount.FromConnectionString(storage), hubName);

    /// <summary>Adds the store, the presentation store, and the desk over the given storage account.</summary>
    public static IServiceCollection AddDepartmentAssessmentServices(this IServiceCollection services, StorageAccount storage, string hubName)
    {
        // Deadlines count working days on the shared calendar, read through its activity.
        services.AddCalendar(storage, hubName);
        services.AddSingleton(new AssessmentStore(storage, hubName));
        services.AddSingleton(new PresentationStore(storage, hubName));
        services.AddSingleton<PresentationFiles>();
        services.AddSingleton<EduFlows.Tasks.ITaskFiles>(sp => sp.GetRequiredService<PresentationFiles>());
        services.AddSingleton<AssessmentDesk>();
        services.AddSingleton<EduFlows.StaffPortal.IOwnResults, DepartmentOwnResults>();
        services.AddSingleton<SessionLinkMailer>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionLinkMailer>());
        return services;
    }
}
