using Microsoft.DurableTask.Client;
using Microsoft.DurableTask;
using EduFlows.Tasks;
using EduFlows.Triggers.Timers;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>Registers the assessment's services and its monthly timer (they need storage).</summary>
public static class DepartmentAssessmentServices
{
    /// <summary>Adds the store, the presentation store, the desk and the timer on the 1st of each month at 09:00.</summary>
    public static IServiceCollection AddDepartmentAssessmentServices(this IServiceCollection services, string storage, string hubName)
    {
        services.AddSingleton(new AssessmentStore(storage, hubName));
        services.AddSingleton(new PresentationStore(storage, hubName));
        services.AddSingleton<AssessmentDesk>();
        services.AddSingleton<SessionLinkMailer>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionLinkMailer>());
        services.AddTimerTrigger(AssessmentTimer.Name, AssessmentTimer.Schedule, (_, sp, ct) => AssessmentTimer.EnsureRunningAsync(
            sp.GetRequiredService<DurableTaskClient>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<BureauClock>().Zone, ct));
        return services;
    }
}
