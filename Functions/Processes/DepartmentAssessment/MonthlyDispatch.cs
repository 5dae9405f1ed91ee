using EduFlows.Calendar;
using System.Globalization;
using EduFlows.Durable;
using Microsoft.DurableTask;
using EduFlows.Tasks;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>
/// 每月一调度: on the 1st of the month every department head reports progress and risks, due after the scheme's working
/// days with a reminder the day before; a report not in by then is still taken, as late, during the grace period.
/// The office reviews each report and may send it back with a comment, as often as needed. The outcome and its
/// deduction are stored per department, and the bureau leaders get a summary mail.
/// </summary>
public static class MonthlyDispatch
{
    /// <summary>The orchestrator's name; instances are <c>monthly-dispatch-YYYY-MM</c>.</summary>
    public const string Name = "MonthlyDispatch";

    /// <summary>One department's report loop; instances are <c>monthly-dispatch-YYYY-MM-{departmentId}</c>.</summary>
    public const string ReportName = "MonthlyDispatchReport";

    /// <summary>A month to dispatch.</summary>
    /// <param name="Year">The year.</param>
    /// <param name="Month">The month.</param>
    /// <param name="Scheme">The scheme in force.</param>
    /// <param name="Roster">Departments, leaders and the office.</param>
    /// <param name="TimeZone">The bureau's time zone id.</param>
    public sealed record Input(int Year, int Month, AssessmentScheme Scheme, AssessmentRoster Roster, string? TimeZone = null);

    /// <summary>One department's report loop.</summary>
    /// <param name="Year">The year.</param>
    /// <param name="Month">The month.</param>
    /// <param name="Scheme">The scheme in force.</param>
    /// <param name="Department">The department.</param>
    /// <param name="ReviewerId">Who reviews it; null when the directory names nobody (no office head, no leaders): the report is then taken as handed in.</param>
    /// <param name="TimeZone">The bureau's time zone id.</param>
    public sealed record ReportInput(int Year, int Month, AssessmentScheme Scheme, AssessedDepartment Department, string? ReviewerId, string? TimeZone);

    /// <summary>The month's outcome.</summary>
    /// <param name="Year">The year.</param>
    /// <param name="Month">The month.</param>
    /// <param name="Reports">Each department's report.</param>
    public sealed record Summary(int Year, int Month, IReadOnlyList<MonthlyReport> Reports);

    /// <summary>The instance id of a month's dispatch.</summary>
    public static string InstanceId(int year, int month) => $"monthly-dispatch-{year:D4}-{month:D2}";

    /// <summary>The month's orchestrator; its input is an <see cref="Input"/>.</summary>
    [Function(Name)]
    public static async Task<Summary> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<Input>()!;
        var departments = input.Roster.Departments.Where(d => d.HeadId is not null).ToList();
        context.SetStatus(new { input.Year, input.Month, departments = departments.Count });
        var reports = await Task.WhenAll(departments
            .Select(d => context.CallSubOrchestratorAsync<MonthlyReport>(
                ReportName,
                new ReportInput(input.Year, input.Month, input.Scheme, d, input.Roster.ReviewerFor(d, input.Scheme), input.TimeZone),
                new SubOrchestrationOptions { InstanceId = $"{context.InstanceId}-{d.Id}" })));
        var mails = await context.CallActivityAsync<IReadOnlyList<string>>(AssessmentActivities.WriteMonthlySummary, new AssessmentActivities.MonthlySummaryInput(input.Year, input.Month, input.Roster.LeaderIds), AssessmentOrchestration.Retried);
        await AssessmentOrchestration.SendMailsAsync(context, mails);
        context.SetStatus(new { input.Year, input.Month, onTime = reports.Count(r => r.Standing == ReportStanding.OnTime), late = reports.Count(r => r.Standing == ReportStanding.Late), missing = reports.Count(r => r.Standing == ReportStanding.Missing) });
        return new Summary(input.Year, input.Month, reports);
    }

    /// <summary>One department's report loop; its input is a <see cref="ReportInput"/>.</summary>
    [Function(ReportName)]
    public static async Task<MonthlyReport> ReportAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<ReportInput>()!;
        // No stage of its own until the end: the status carries the next timer of its tasks (TimerStatus) from the start.
        context.SetStatus(null);
        var scheme = input.Scheme;
        // No version branch for the weekdays-only calendar before 877ad10 (2026-12-05): no instance had a version until
        // host.json's 2.0, before or after it, so an old one fails here on replay, named (UnversionedChangeReplayTests).
        var calendar = WorkingCalendar.For(scheme, await context.LoadWorkingDaysAsync(input.Year, input.Year + 1, input.TimeZone, AssessmentOrchestration.Retried));
        var department = input.Department;
        string head = department.HeadId!;
        string key = $"{input.Year:D4}-{input.Month:D2}-{department.Id}";
        string subject = $"{input.Year}年{input.Month}月工作调度 · {department.Name}";
        var taskIds = new List<string>();

        var due = calendar.DueAfter(context.CurrentUtcDateTime, scheme.ReportWorkingDays);
        var first = await context.AssignStaffTaskAsync(new StaffTaskRequest(AssessmentKinds.MonthlyReport.Name, head, subject, due)
        {
            TaskId = $"dept-report-{key}",
            RemindBefore = [TimeSpan.FromDays(1)],
            OwnerId = input.ReviewerId,
        });
        taskIds.Add(first.TaskId);
        var answer = AssessmentOrchestration.Answer(first);
        var standing = ReportStanding.OnTime;
        if (answer is null)
        {
            var late = await context.AssignStaffTaskAsync(new StaffTaskRequest(AssessmentKinds.MonthlyReport.Name, head, subject + "（逾期补报）", calendar.DueAfter(due, scheme.LateGraceWorkingDays))
            {
                TaskId = $"dept-report-{key}-late",
                OwnerId = input.ReviewerId,
                Context = [new("状态", $"已超过截止时间，现为逾期补报，将按规定扣{scheme.LateReportDeduction}分；不报送扣{scheme.MissingReportDeduction}分。")],
            });
            taskIds.Add(late.TaskId);
            answer = AssessmentOrchestration.Answer(late);
            standing = answer is null ? ReportStanding.Missing : ReportStanding.Late;
        }

        var comments = new List<string>();
        int rework = 0;
        while (answer is not null && input.ReviewerId is { } reviewer)
        {
            var review = await context.AssignStaffTaskAsync(new StaffTaskRequest(AssessmentKinds.MonthlyReview.Name, reviewer, subject, calendar.DueAfter(context.CurrentUtcDateTime, scheme.ReviewWorkingDays))
            {
                TaskId = $"dept-review-{key}-{rework + 1}",
                Context =
                [
                    new("科室", department.Name),
                    new("报送情况", AssessmentMails.Standing(standing) + (rework > 0 ? $"，第{rework}次修改稿" : string.Empty)),
                    new("重点工作进展", AssessmentOrchestration.Value(answer, "progress") ?? string.Empty),
                    new("风险与问题", AssessmentOrchestration.Value(answer, "risks") ?? string.Empty),
                ],
            });
            taskIds.Add(review.TaskId);
            var decision = AssessmentOrchestration.Answer(review);

            // The office's silence accepts the report as it stands.
            if (decision is null || AssessmentOrchestration.Value(decision, "decision") != "rework")
            {
                if (AssessmentOrchestration.Value(decision, "comment") is { Length: > 0 } note)
                {
                    comments.Add(note);
                }

                break;
            }

            rework++;
            string comment = AssessmentOrchestration.Value(decision, "comment") ?? "请修改完善。";
            comments.Add(comment);
            var redo = await context.AssignStaffTaskAsync(new StaffTaskRequest(AssessmentKinds.MonthlyReport.Name, head, subject + $"（退回修改 第{rework}次）", calendar.DueAfter(context.CurrentUtcDateTime, scheme.ReworkWorkingDays))
            {
                TaskId = $"dept-report-{key}-rework-{rework}",
                RemindBefore = [TimeSpan.FromDays(1)],
                OwnerId = input.ReviewerId,
                Context = [new("办公室意见", comment), new("上次报送的进展", AssessmentOrchestration.Value(answer, "progress") ?? string.Empty)],
            });
            taskIds.Add(redo.TaskId);
            if (AssessmentOrchestration.Answer(redo) is not { } reworked)
            {
                // Not reworked in time: the last version stands, and an on-time report becomes late.
                standing = standing == ReportStanding.OnTime ? ReportStanding.Late : standing;
                break;
            }

            answer = reworked;
        }

        var report = new MonthlyReport
        {
            Year = input.Year,
            Month = input.Month,
            DepartmentId = department.Id,
            HeadId = head,
            Standing = standing,
            ReworkRounds = rework,
            Deduction = AssessmentRules.MonthlyDeduction(scheme, standing, rework),
            Progress = AssessmentOrchestration.Value(answer, "progress"),
            Risks = AssessmentOrchestration.Value(answer, "risks"),
            ReviewComments = comments,
            ReviewerId = input.ReviewerId,
            SubmittedAt = answer?.SubmittedAt,
            TaskIds = taskIds,
            SchemeVersion = scheme.Version,
        };
        await context.CallActivityAsync<bool>(AssessmentActivities.SaveMonthlyReport, report, AssessmentOrchestration.Retried);
        context.SetStatus(new { report.Standing, report.ReworkRounds, deduction = report.Deduction.ToString(CultureInfo.InvariantCulture) });
        return report;
    }
}
