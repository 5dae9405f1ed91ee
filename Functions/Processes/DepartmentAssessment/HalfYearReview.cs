using EduFlows.Calendar;
using System.Globalization;
using EduFlows.Durable;
using Microsoft.DurableTask;
using EduFlows.Notifications;
using EduFlows.Tasks;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>
/// 半年一展示 / 述职评议: every head hands in a duty report; then every bureau leader scores each head who reported,
/// through one task with a score field per head. Scores combine by the scheme's panel rule (default: drop the
/// highest and lowest from five judges), out-of-line judges are flagged, and who scored what is stored. A judge sees
/// the others' scores only after submitting (see <see cref="DepartmentAssessmentApi"/>). A missing report costs the
/// scheme's deduction.
/// </summary>
public static class HalfYearReview
{
    /// <summary>The orchestrator's name; instances are <c>duty-review-YYYY-H1|H2</c>.</summary>
    public const string Name = "HalfYearReview";

    /// <summary>A half-year review to run.</summary>
    /// <param name="Year">The year.</param>
    /// <param name="Half">1 or 2.</param>
    /// <param name="Scheme">The scheme in force.</param>
    /// <param name="Roster">Departments and leaders.</param>
    /// <param name="TimeZone">The bureau's time zone id.</param>
    public sealed record Input(int Year, int Half, AssessmentScheme Scheme, AssessmentRoster Roster, string? TimeZone = null);

    /// <summary>The instance id of a duty review.</summary>
    public static string InstanceId(int year, int half) => $"duty-review-{year:D4}-H{half}";

    /// <summary>The judging task of a leader.</summary>
    public static string JudgingTaskId(int year, int half, string leaderId) => $"dept-duty-judging-{year:D4}-H{half}-{leaderId}";

    /// <summary>The duty review's orchestrator; its input is an <see cref="Input"/>; it returns how many reviews it stored.</summary>
    [Function(Name)]
    public static async Task<int> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<Input>()!;
        var scheme = input.Scheme;
        // No version branch for the weekdays-only calendar before 877ad10 (2026-12-05): no instance had a version until
        // host.json's 2.0, before or after it, so an old one fails here on replay, named (UnversionedChangeReplayTests).
        var calendar = WorkingCalendar.For(scheme, await context.LoadWorkingDaysAsync(input.Year, input.Year + 1, input.TimeZone, AssessmentOrchestration.Retried));
        string period = $"{input.Year}年{(input.Half == 1 ? "上" : "下")}半年";
        var departments = input.Roster.Departments.Where(d => d.HeadId is not null).ToList();
        context.SetStatus(new { step = "reports", departments = departments.Count });
        var reportDue = calendar.DueAfter(context.CurrentUtcDateTime, scheme.DutyReportWorkingDays);
        var reports = await Task.WhenAll(departments.Select(d => context.AssignStaffTaskAsync(
            new StaffTaskRequest(AssessmentKinds.DutyReport.Name, d.HeadId!, $"{period}述职 · {d.Name}", reportDue)
            {
                TaskId = $"dept-duty-report-{input.Year:D4}-H{input.Half}-{d.Id}",
                RemindBefore = [TimeSpan.FromDays(1)],
                OwnerId = input.Roster.OfficeHeadId,
            })));
        var headReports = departments.Select((d, i) => new HeadReport(d.Id, d.HeadId!, AssessmentOrchestration.Value(AssessmentOrchestration.Answer(reports[i]), "report"))).ToList();
        var reported = departments.Where((d, i) => headReports[i].Report is not null).ToList();

        var judgements = new List<TaskReceipt>();
        if (reported.Count > 0 && input.Roster.LeaderIds.Count > 0)
        {
            var panel = new DutyPanel(input.Year, input.Half, [.. reported.Select(d => d.Id)], input.Roster.LeaderIds.ToDictionary(l => l, l => JudgingTaskId(input.Year, input.Half, l)), reported.ToDictionary(d => d.Id, d => d.Name));
            await context.CallActivityAsync<bool>(AssessmentActivities.SaveDutyPanel, panel, AssessmentOrchestration.Retried);
            context.SetStatus(new { step = "judging", reported = reported.Count, judges = input.Roster.LeaderIds.Count });
            string max = scheme.DutyMaxScore.ToString("0.##", CultureInfo.InvariantCulture);
            TaskField[] fields = [.. reported.Select(d => new TaskField(d.Id, new LocalizedText($"{d.Name}（满分{max}）", $"{d.Name} (max {max})"), TaskFieldType.Number) { Min = 0, Max = scheme.DutyMaxScore })];
            var judgeDue = calendar.DueAfter(context.CurrentUtcDateTime, scheme.DutyJudgingWorkingDays);
            var reading = await context.CallActivityAsync<IReadOnlyDictionary<string, string>>(AssessmentActivities.DutyReadingLinks, new AssessmentActivities.DutyReadingInput(input.Year, input.Half, input.Roster.LeaderIds, judgeDue), AssessmentOrchestration.Retried);
            var judged = await Task.WhenAll(input.Roster.LeaderIds.Select(leader => context.AssignStaffTaskAsync(
                new StaffTaskRequest(AssessmentKinds.DutyJudging.Name, leader, $"{period}科室长述职评议", judgeDue)
                {
                    TaskId = JudgingTaskId(input.Year, input.Half, leader),
                    RemindBefore = [TimeSpan.FromDays(1)],
                    OwnerId = input.Roster.OfficeHeadId,
                    Fields = fields,
                    Context =
                    [
                        new("述职报告全文", reading[leader]),
                        .. reported.Select(d => new KeyValuePair<string, string>(d.Name, ShortText.Of(headReports.Single(r => r.DepartmentId == d.Id).Report!, ReportOpening))),
                    ],
                })));
            judgements.AddRange(judged.Select(AssessmentOrchestration.Answer).OfType<TaskReceipt>());
        }

        int stored = await context.CallActivityAsync<int>(AssessmentActivities.CloseDutyReview, new DutyReviewClosing(input.Year, input.Half, scheme, headReports, judgements), AssessmentOrchestration.Retried);
        context.SetStatus(new { step = "closed", reported = reported.Count, judges = judgements.Count });
        return stored;
    }

    // The form shows each report's opening (a task holds at most 32K characters, 18 whole reports do not fit); the
    // whole reports are on the page the first context line links to, signed for this judge.
    private const int ReportOpening = 300;
}
