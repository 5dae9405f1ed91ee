using EduFlows.Processes.DepartmentAssessment;
using EduFlows.Processes.ResearcherReview;
using EduFlows.Processes.Samples;
using EduFlows.Processes.ShadowTraining;
using EduFlows.Tasks;
using Microsoft.DurableTask;

namespace EduFlows.Hosting;

/// <summary>
/// Orchestrators and activities not yet written as [Function]s, registered with the worker directly. Only the local
/// host can run these; each process moves to [OrchestrationTrigger]/[ActivityTrigger] functions and leaves this list.
/// </summary>
public static class LegacyTaskRegistrations
{
    /// <summary>Adds the tasks still registered by hand.</summary>
    public static DurableTaskRegistry AddLegacyTasks(this DurableTaskRegistry registry) =>
        registry.AddStaffTasks().AddNoticeAcknowledgement().AddResearcherReview().AddShadowTraining();
}
