using Microsoft.DurableTask;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>The activities of the department assessment; each forwards to <see cref="AssessmentDesk"/> and is safe to run twice.</summary>
public static class AssessmentActivities
{
    /// <summary>Activity names.</summary>
    public const string LoadScheme = "DeptAssessment.LoadScheme", LoadRoster = "DeptAssessment.LoadRoster", LoadPrincipals = "DeptAssessment.LoadPrincipals",
        SaveMonthlyReport = "DeptAssessment.SaveMonthlyReport", WriteMonthlySummary = "DeptAssessment.WriteMonthlySummary", SaveDutyPanel = "DeptAssessment.SaveDutyPanel",
        CloseDutyReview = "DeptAssessment.CloseDutyReview", UpdateYearEndEntry = "DeptAssessment.UpdateYearEndEntry", OpenSession = "DeptAssessment.OpenSession",
        SavePrincipalScores = "DeptAssessment.SavePrincipalScores", PublishYear = "DeptAssessment.PublishYear", StartReassignment = "DeptAssessment.StartReassignment",
        SaveReassignment = "DeptAssessment.SaveReassignment", WriteReassignmentNotices = "DeptAssessment.WriteReassignmentNotices",
        DutyReadingLinks = "DeptAssessment.DutyReadingLinks";

    /// <summary>Registers the activities.</summary>
    public static DurableTaskRegistry AddDepartmentAssessmentActivities(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddActivity<LoadSchemeActivity>(LoadScheme)
            .AddActivity<LoadRosterActivity>(LoadRoster)
            .AddActivity<LoadPrincipalsActivity>(LoadPrincipals)
            .AddActivity<SaveMonthlyReportActivity>(SaveMonthlyReport)
            .AddActivity<WriteMonthlySummaryActivity>(WriteMonthlySummary)
            .AddActivity<SaveDutyPanelActivity>(SaveDutyPanel)
            .AddActivity<CloseDutyReviewActivity>(CloseDutyReview)
            .AddActivity<UpdateYearEndEntryActivity>(UpdateYearEndEntry)
            .AddActivity<OpenSessionActivity>(OpenSession)
            .AddActivity<SavePrincipalScoresActivity>(SavePrincipalScores)
            .AddActivity<PublishYearActivity>(PublishYear)
            .AddActivity<StartReassignmentActivity>(StartReassignment)
            .AddActivity<SaveReassignmentActivity>(SaveReassignment)
            .AddActivity<WriteReassignmentNoticesActivity>(WriteReassignmentNotices)
            .AddActivity<DutyReadingLinksActivity>(DutyReadingLinks);
    }

    /// <summary>A month's summary for the leaders.</summary>
    /// <param name="Year">The year.</param>
    /// <param name="Month">The month.</param>
    /// <param name="LeaderIds">Who gets it.</param>
    public sealed record MonthlySummaryInput(int Year, int Month, IReadOnlyList<string> LeaderIds);

    /// <summary>A year to publish, with the scheme version it ran with.</summary>
    /// <param name="Year">The year.</param>
    /// <param name="SchemeVersion">The version.</param>
    /// <param name="FailedCheckpoints">The checkpoints (child instance ids) that failed; the year is published without what they did not store.</param>
    public sealed record PublishInput(int Year, int SchemeVersion, IReadOnlyList<string>? FailedCheckpoints = null);

    /// <summary>Who is told of a reassignment case.</summary>
    /// <param name="Case">The case.</param>
    /// <param name="Recipients">Leaders and the organisation office head.</param>
    /// <param name="Overdue">True for the notice that the decision is overdue (no decision after the last round).</param>
    public sealed record ReassignmentNoticeInput(ReassignmentCase Case, IReadOnlyList<string> Recipients, bool Overdue = false);

    /// <summary>The judges of a duty review, whose reading links are wanted.</summary>
    /// <param name="Year">The year.</param>
    /// <param name="Half">1 or 2.</param>
    /// <param name="LeaderIds">The judges.</param>
    /// <param name="Due">When their judging tasks are due (the links expire with them).</param>
    public sealed record DutyReadingInput(int Year, int Half, IReadOnlyList<string> LeaderIds, DateTime Due);

    private sealed class DutyReadingLinksActivity(AssessmentDesk desk) : TaskActivity<DutyReadingInput, IReadOnlyDictionary<string, string>>
    {
        public override Task<IReadOnlyDictionary<string, string>> RunAsync(TaskActivityContext context, DutyReadingInput input) =>
            Task.FromResult(desk.DutyReadingLinks(input.Year, input.Half, input.LeaderIds, input.Due));
    }

    private sealed class LoadSchemeActivity(AssessmentDesk desk) : TaskActivity<int, AssessmentScheme>
    {
        public override Task<AssessmentScheme> RunAsync(TaskActivityContext context, int input) =>
            desk.Store.SchemeInForceAsync(input, CancellationToken.None);
    }

    private sealed class LoadRosterActivity(AssessmentDesk desk) : TaskActivity<AssessmentScheme, AssessmentRoster>
    {
        public override Task<AssessmentRoster> RunAsync(TaskActivityContext context, AssessmentScheme input) =>
            desk.RosterAsync(input, CancellationToken.None);
    }

    private sealed class LoadPrincipalsActivity(AssessmentDesk desk) : TaskActivity<int, IReadOnlyList<string>>
    {
        public override Task<IReadOnlyList<string>> RunAsync(TaskActivityContext context, int input) =>
            desk.PrincipalsAsync(CancellationToken.None);
    }

    private sealed class SaveMonthlyReportActivity(AssessmentDesk desk) : TaskActivity<MonthlyReport, bool>
    {
        public override async Task<bool> RunAsync(TaskActivityContext context, MonthlyReport input)
        {
            await desk.Store.MonthlyReports.PutAsync(input, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
    }

    private sealed class WriteMonthlySummaryActivity(AssessmentDesk desk) : TaskActivity<MonthlySummaryInput, IReadOnlyList<string>>
    {
        public override Task<IReadOnlyList<string>> RunAsync(TaskActivityContext context, MonthlySummaryInput input) =>
            desk.WriteMonthlySummaryAsync(input.Year, input.Month, input.LeaderIds, CancellationToken.None);
    }

    private sealed class SaveDutyPanelActivity(AssessmentDesk desk) : TaskActivity<DutyPanel, bool>
    {
        public override async Task<bool> RunAsync(TaskActivityContext context, DutyPanel input)
        {
            await desk.Store.DutyPanels.PutAsync(input, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
    }

    private sealed class CloseDutyReviewActivity(AssessmentDesk desk) : TaskActivity<DutyReviewClosing, int>
    {
        public override async Task<int> RunAsync(TaskActivityContext context, DutyReviewClosing input) =>
            (await desk.CloseDutyReviewAsync(input, CancellationToken.None).ConfigureAwait(false)).Count;
    }

    private sealed class UpdateYearEndEntryActivity(AssessmentDesk desk) : TaskActivity<YearEndEntry, bool>
    {
        public override async Task<bool> RunAsync(TaskActivityContext context, YearEndEntry input)
        {
            await desk.UpdateYearEndEntryAsync(input, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
    }

    private sealed class OpenSessionActivity(AssessmentDesk desk) : TaskActivity<ScoringSession, bool>
    {
        public override async Task<bool> RunAsync(TaskActivityContext context, ScoringSession input)
        {
            await desk.Store.Sessions.PutAsync(input, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
    }

    private sealed class SavePrincipalScoresActivity(AssessmentDesk desk) : TaskActivity<PrincipalScores, bool>
    {
        public override async Task<bool> RunAsync(TaskActivityContext context, PrincipalScores input)
        {
            await desk.Store.SessionScores.PutAsync(input, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
    }

    private sealed class PublishYearActivity(AssessmentDesk desk) : TaskActivity<PublishInput, YearPublication>
    {
        public override Task<YearPublication> RunAsync(TaskActivityContext context, PublishInput input) =>
            desk.PublishYearAsync(input.Year, input.SchemeVersion, input.FailedCheckpoints ?? [], CancellationToken.None);
    }

    private sealed class StartReassignmentActivity(AssessmentDesk desk) : TaskActivity<ReassignmentCase, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, ReassignmentCase input) =>
            desk.StartReassignmentAsync(input, CancellationToken.None);
    }

    private sealed class SaveReassignmentActivity(AssessmentDesk desk) : TaskActivity<Reassignment, bool>
    {
        public override async Task<bool> RunAsync(TaskActivityContext context, Reassignment input)
        {
            await desk.Store.Reassignments.PutAsync(input, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
    }

    private sealed class WriteReassignmentNoticesActivity(AssessmentDesk desk) : TaskActivity<ReassignmentNoticeInput, IReadOnlyList<string>>
    {
        public override Task<IReadOnlyList<string>> RunAsync(TaskActivityContext context, ReassignmentNoticeInput input) =>
            desk.WriteReassignmentNoticesAsync(input.Case, input.Recipients, input.Overdue, CancellationToken.None);
    }
}
