using EduFlows.Calendar;
using EduFlows.Durable;
using Microsoft.DurableTask;
using EduFlows.Tasks;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>
/// 连续两年末位调离: the leaders and the organisation office are told, the director gets a decision task (reassign,
/// or keep with a reason), reopened until decided, up to <see cref="MaxRounds"/> times; the decision is stored. A case
/// still undecided after the last round is stored as "overdue" and the leaders and the organisation office are told.
/// </summary>
public static class ReassignmentDecision
{
    /// <summary>The orchestrator's name; instances are <c>department-reassignment-YYYY-{departmentId}</c>.</summary>
    public const string Name = "ReassignmentDecision";

    /// <summary>How many times the decision task is given before the case is marked overdue.</summary>
    public const int MaxRounds = 3;

    /// <summary>The decision's orchestrator; its input is the <see cref="ReassignmentCase"/>.</summary>
    [Function(Name)]
    public static async Task<Reassignment> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var found = context.GetInput<ReassignmentCase>()!;
        // No stage of its own until the end: the status carries the next timer of its tasks (TimerStatus) from the start.
        context.SetStatus(null);
        var scheme = await context.CallActivityAsync<AssessmentScheme>(AssessmentActivities.LoadScheme, found.Year, AssessmentOrchestration.Retried);
        var roster = await context.CallActivityAsync<AssessmentRoster>(AssessmentActivities.LoadRoster, scheme, AssessmentOrchestration.Retried);
        var record = new Reassignment { Year = found.Year, DepartmentId = found.DepartmentId, HeadId = found.HeadId, PreviousTotal = found.PreviousTotal, Total = found.Total, Decision = "open" };
        await context.CallActivityAsync<bool>(AssessmentActivities.SaveReassignment, record, AssessmentOrchestration.Retried);
        var recipients = roster.LeaderIds.Concat(roster.OrganisationHeadId is { } org ? [org] : []).ToList();
        await AssessmentOrchestration.SendMailsAsync(context, await context.CallActivityAsync<IReadOnlyList<string>>(AssessmentActivities.WriteReassignmentNotices, new AssessmentActivities.ReassignmentNoticeInput(found, recipients), AssessmentOrchestration.Retried));
        if (roster.DirectorId is not { } director)
        {
            return record;
        }

        // No version branch for the weekdays-only calendar before 877ad10 (2026-12-05): no instance had a version until
        // host.json's 2.0, before or after it, so an old one fails here on replay, named (UnversionedChangeReplayTests).
        var calendar = WorkingCalendar.For(scheme, await context.LoadWorkingDaysAsync(found.Year, found.Year + 1, null, AssessmentOrchestration.Retried));
        var taskIds = new List<string>();
        for (int round = 1; round <= MaxRounds; round++)
        {
            var outcome = await context.AssignStaffTaskAsync(new StaffTaskRequest(AssessmentKinds.ReassignmentDecision.Name, director, $"{found.DepartmentName}负责人调整决定（{found.Year - 1}—{found.Year}连续末位）", calendar.DueAfter(context.CurrentUtcDateTime, scheme.DecisionWorkingDays))
            {
                TaskId = $"dept-reassignment-{found.Year:D4}-{found.DepartmentId}-{round}",
                RemindBefore = [TimeSpan.FromDays(2)],
                OwnerId = roster.OrganisationHeadId,
                Context = [new("科室", found.DepartmentName), new("负责人", found.HeadId), new($"{found.Year - 1}年度总分", found.PreviousTotal.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)), new($"{found.Year}年度总分", found.Total.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture))],
            });
            taskIds.Add(outcome.TaskId);
            record = record with { TaskIds = [.. taskIds] };
            if (AssessmentOrchestration.Answer(outcome) is { } decided)
            {
                record = record with { Decision = decided.Values["decision"], Reason = decided.Values["reason"], DecidedBy = decided.SubmittedBy, DecidedAt = decided.SubmittedAt };
                break;
            }
        }

        if (record.Decision == "open")
        {
            // Silence must not leave the rule quietly unapplied: the case is marked overdue and those who follow it up are told.
            record = record with { Decision = "overdue" };
            await context.CallActivityAsync<bool>(AssessmentActivities.SaveReassignment, record, AssessmentOrchestration.Retried);
            await AssessmentOrchestration.SendMailsAsync(context, await context.CallActivityAsync<IReadOnlyList<string>>(AssessmentActivities.WriteReassignmentNotices, new AssessmentActivities.ReassignmentNoticeInput(found, recipients, Overdue: true), AssessmentOrchestration.Retried));
        }
        else
        {
            await context.CallActivityAsync<bool>(AssessmentActivities.SaveReassignment, record, AssessmentOrchestration.Retried);
        }

        context.SetStatus(new { record.Decision, record.DecidedBy });
        return record;
    }
}
