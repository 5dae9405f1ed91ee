using Microsoft.DurableTask;
using EduFlows.Tasks;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>Helpers shared by the assessment's orchestrators.</summary>
internal static class AssessmentOrchestration
{
    /// <summary>Storage and directory activities are retried by <see cref="Storage.StorageRetry"/>.</summary>
    public static TaskOptions Retried => Storage.StorageRetry.Options;

    /// <summary>
    /// Sends outbox mails by one batch activity, retrying while SendGrid is busy; a mail that cannot go out stays in the
    /// outbox on record and does not stop the assessment (<see cref="StaffTaskOrchestration.SendMailsAsync"/>).
    /// </summary>
    /// <remarks>
    /// No version branch keeps the one SendMail activity per mail this replaced (3384b90, 2026-12-05): no instance had a
    /// version until host.json's 2.0, before or after the change, so one from before it fails on replay with the named
    /// non-determinism error (issue 21; <c>UnversionedChangeReplayTests</c>).
    /// </remarks>
    public static Task SendMailsAsync(TaskOrchestrationContext context, IReadOnlyList<string> mailIds) => context.SendMailsAsync(mailIds);

    /// <summary>The answer of a submitted task; null when it expired.</summary>
    public static TaskReceipt? Answer(StaffTaskOutcome outcome) => outcome.Result == StaffTaskResult.Submitted ? outcome.Receipt : null;

    /// <summary>A receipt's value, or null.</summary>
    public static string? Value(TaskReceipt? receipt, string field) => receipt is not null && receipt.Values.TryGetValue(field, out var value) ? value : null;
}
