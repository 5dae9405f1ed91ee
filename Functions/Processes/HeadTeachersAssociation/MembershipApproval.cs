using EduFlows.Tasks;
using EduFlows.Durable;
using Microsoft.DurableTask;

namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>
/// An application to join the association (<c>hta-membership-{application}</c>): the office gets a task to approve or
/// decline, reminded a day before it is due; the decision is recorded, an approved applicant becomes a member, and the
/// applicant is told by mail. An application the office leaves undecided expires and may be made again.
/// </summary>
public static class MembershipApproval
{
    /// <summary>The orchestrator's name.</summary>
    public const string Name = "HeadTeachersMembership";

    /// <summary>What the office is asked to decide.</summary>
    /// <param name="Application">The application as stored.</param>
    /// <param name="OfficeId">The office's staff member.</param>
    /// <param name="Days">Days to decide.</param>
    public sealed record Input(MembershipApplication Application, string OfficeId, int Days);

    /// <summary>The orchestrator; its output is the application's final status.</summary>
    [Function(Name)]
    public static async Task<ApplicationStatus> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<Input>() ?? throw new InvalidOperationException($"{Name} starts with its {nameof(Input)}.");
        var application = input.Application;
        context.SetStatus(new { stage = "with-office", application.Id, application.StaffId });
        var outcome = await context.AssignStaffTaskAsync(new StaffTaskRequest(AssociationTasks.MembershipReview.Name, input.OfficeId, $"班主任学会入会申请 · {application.Name}（{application.SchoolName}）", context.CurrentUtcDateTime.AddDays(input.Days))
        {
            TaskId = $"hta-membership-{application.Id}",
            RemindBefore = [TimeSpan.FromDays(1)],
            Culture = "zh-CN",
            Context = [new("申请人", application.Name), new("学校", application.SchoolName), new("申请理由", application.Statement)],
        });
        var status = outcome.Receipt is { } receipt
            ? receipt.Values.GetValueOrDefault("decision") == "approve" ? ApplicationStatus.Approved : ApplicationStatus.Declined
            : ApplicationStatus.Expired;
        var mails = await context.CallActivityAsync<IReadOnlyList<string>>(
            AssociationActivities.Decide,
            new AssociationActivities.DecideInput(application.Id, status, outcome.Receipt?.SubmittedBy, outcome.Receipt?.Values.GetValueOrDefault("note"), context.CurrentUtcDateTime),
            Storage.StorageRetry.Options);
        await context.SendMailsAsync(mails);
        context.SetStatus(new { stage = "decided", application.Id, application.StaffId, status });
        return status;
    }
}
