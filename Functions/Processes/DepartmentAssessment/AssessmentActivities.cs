using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>
/// The activities of the department assessment, one function each; each forwards to <see cref="AssessmentDesk"/> and
/// is safe to run twice.
/// </summary>
public sealed class AssessmentActivities(AssessmentDesk desk)
{
    /// <summary>Activity names (their function names: no dots).</summary>
    public const string LoadScheme = "DeptAssessmentLoadScheme", LoadRoster = "DeptAssessmentLoadRoster", LoadPrincipals = "DeptAssessmentLoadPrincipals",
        SaveMonthlyReport = "DeptAssessmentSaveMonthlyReport", WriteMonthlySummary = "DeptAssessmentWriteMonthlySummary", SaveDutyPanel = "DeptAssessmentSaveDutyPanel",
        CloseDutyReview = "DeptAssessmentCloseDutyReview", UpdateYearEndEntry = "DeptAssessmentUpdateYearEndEntry", OpenSession = "DeptAssessmentOpenSession",
        SavePrincipalScores = "DeptAssessmentSavePrincipalScores", PublishYear = "DeptAssessmentPublishYear", StartReassignment = "DeptAssessmentStartReassignment",
        SaveReassignment = "DeptAssessmentSaveReassignment", WriteReassignmentNotices = "DeptAssessmentWriteReassignmentNotices",
        DutyReadingLinks = "DeptAssessmentDutyReadingLinks";

    /// <summary>The scheme the year runs with (its input is the year).</summary>
    [Function(LoadScheme)]
    public Task<AssessmentScheme> LoadSchemeAsync([ActivityTrigger] int year, CancellationToken cancellationToken) =>
        desk.Store.SchemeInForceAsync(year, cancellationToken);

    /// <summary>Departments, heads, leaders and the office as the directory has them now.</summary>
    [Function(LoadRoster)]
    public Task<AssessmentRoster> LoadRosterAsync([ActivityTrigger] AssessmentScheme scheme, CancellationToken cancellationToken) =>
        desk.RosterAsync(scheme, cancellationToken);

    /// <summary>The school principals who score the year end; the year its caller passes does not change who they are.</summary>
    [Function(LoadPrincipals)]
    public Task<IReadOnlyList<string>> LoadPrincipalsAsync([ActivityTrigger] int year, CancellationToken cancellationToken) =>
        desk.PrincipalsAsync(cancellationToken);

    /// <summary>Stores a department's monthly report.</summary>
    [Function(SaveMonthlyReport)]
    public async Task<bool> SaveMonthlyReportAsync([ActivityTrigger] MonthlyReport report, CancellationToken cancellationToken)
    {
        await desk.Store.MonthlyReports.PutAsync(report, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Writes the month's summary mails for the leaders; returns the outbox ids.</summary>
    [Function(WriteMonthlySummary)]
    public Task<IReadOnlyList<string>> WriteMonthlySummaryAsync([ActivityTrigger] MonthlySummaryInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return desk.WriteMonthlySummaryAsync(input.Year, input.Month, input.LeaderIds, cancellationToken);
    }

    /// <summary>Stores a duty review's panel (who judges with which task).</summary>
    [Function(SaveDutyPanel)]
    public async Task<bool> SaveDutyPanelAsync([ActivityTrigger] DutyPanel panel, CancellationToken cancellationToken)
    {
        await desk.Store.DutyPanels.PutAsync(panel, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Combines the judges' scores and stores a review per department; returns how many were stored.</summary>
    [Function(CloseDutyReview)]
    public async Task<int> CloseDutyReviewAsync([ActivityTrigger] DutyReviewClosing closing, CancellationToken cancellationToken) =>
        (await desk.CloseDutyReviewAsync(closing, cancellationToken).ConfigureAwait(false)).Count;

    /// <summary>Records a head's claims or the office's confirmation, keeping an uploaded presentation.</summary>
    [Function(UpdateYearEndEntry)]
    public async Task<bool> UpdateYearEndEntryAsync([ActivityTrigger] YearEndEntry entry, CancellationToken cancellationToken)
    {
        await desk.UpdateYearEndEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Stores the scoring session, which the QR-code page and the link re-mailer read.</summary>
    [Function(OpenSession)]
    public async Task<bool> OpenSessionAsync([ActivityTrigger] ScoringSession session, CancellationToken cancellationToken)
    {
        await desk.Store.Sessions.PutAsync(session, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Stores one principal's scores.</summary>
    [Function(SavePrincipalScores)]
    public async Task<bool> SavePrincipalScoresAsync([ActivityTrigger] PrincipalScores scores, CancellationToken cancellationToken)
    {
        await desk.Store.SessionScores.PutAsync(scores, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Computes, ranks and publishes the year.</summary>
    [Function(PublishYear)]
    public Task<YearPublication> PublishYearAsync([ActivityTrigger] PublishInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return desk.PublishYearAsync(input.Year, input.SchemeVersion, input.FailedCheckpoints ?? [], cancellationToken);
    }

    /// <summary>Starts the decision process of a reassignment case through the function's durable client; returns its instance id.</summary>
    [Function(StartReassignment)]
    public static Task<string> StartReassignmentAsync([ActivityTrigger] ReassignmentCase found, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        AssessmentDesk.StartReassignmentAsync(client, found, cancellationToken);

    /// <summary>Stores a reassignment decision (or its open or overdue state).</summary>
    [Function(SaveReassignment)]
    public async Task<bool> SaveReassignmentAsync([ActivityTrigger] Reassignment decision, CancellationToken cancellationToken)
    {
        await desk.Store.Reassignments.PutAsync(decision, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Writes the notices of a reassignment case; returns the outbox ids.</summary>
    [Function(WriteReassignmentNotices)]
    public Task<IReadOnlyList<string>> WriteReassignmentNoticesAsync([ActivityTrigger] ReassignmentNoticeInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return desk.WriteReassignmentNoticesAsync(input.Case, input.Recipients, input.Overdue, cancellationToken);
    }

    /// <summary>Each judge's signed link to the heads' whole duty reports.</summary>
    [Function(DutyReadingLinks)]
    public IReadOnlyDictionary<string, string> IssueDutyReadingLinks([ActivityTrigger] DutyReadingInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return desk.DutyReadingLinks(input.Year, input.Half, input.LeaderIds, input.Due);
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
}
