using Microsoft.DurableTask;
using EduFlows.Notifications;
using EduFlows.Tasks;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>Helpers shared by the assessment's orchestrators.</summary>
internal static class AssessmentOrchestration
{
    /// <summary>Storage and directory activities are retried by <see cref="Storage.StorageRetry"/>.</summary>
    public static TaskOptions Retried => Storage.StorageRetry.Options;

    /// <summary>Sends outbox mails (retrying while SendGrid is busy); a mail that cannot go out does not stop the process.</summary>
    public static async Task SendMailsAsync(TaskOrchestrationContext context, IReadOnlyList<string> mailIds)
    {
        foreach (string mailId in mailIds)
        {
            try
            {
                await context.CallActivityAsync<MailDelivery>(StaffTaskActivities.SendMail, mailId, TaskOptions.FromRetryPolicy(StaffTaskOrchestration.MailRetry));
            }
            catch (TaskFailedException)
            {
                // The outbox keeps the failure on record; the assessment goes on.
            }
        }
    }

    /// <summary>The answer of a submitted task; null when it expired.</summary>
    public static TaskReceipt? Answer(StaffTaskOutcome outcome) => outcome.Result == StaffTaskResult.Submitted ? outcome.Receipt : null;

    /// <summary>A receipt's value, or null.</summary>
    public static string? Value(TaskReceipt? receipt, string field) => receipt is not null && receipt.Values.TryGetValue(field, out var value) ? value : null;
}
