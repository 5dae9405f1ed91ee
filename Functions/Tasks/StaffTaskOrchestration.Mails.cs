using EduFlows.Notifications;
using Microsoft.DurableTask;

namespace EduFlows.Tasks;

public static partial class StaffTaskOrchestration
{
    /// <summary>
    /// Sends a batch of outbox messages with one activity (<see cref="StaffTaskActivities.SendMails"/>), a few at a time,
    /// instead of one activity per message: at county scale the activities, not SendGrid, were the cost.
    /// </summary>
    /// <param name="context">The orchestration sending them.</param>
    /// <param name="mailIds">The outbox ids (written by an earlier activity).</param>
    /// <returns>How many are sent, and each one that is not with why (refused for good; or still pending once the retries are spent).</returns>
    /// <remarks>
    /// While any message is still pending (SendGrid 429/5xx or unreachable) the activity throws and is retried with
    /// <see cref="MailRetry"/>; a retry only reads the messages already sent or refused and sends the others again, so
    /// nothing is sent twice (the outbox claim) and nothing is lost. A refused message stays in the outbox as failed and
    /// the batch goes on. Input and output stay small: ids in, a count and the messages not sent out.
    /// </remarks>
    public static async Task<MailBatchOutcome> SendMailsAsync(this TaskOrchestrationContext context, IReadOnlyList<string> mailIds)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(mailIds);
        if (mailIds.Count == 0)
        {
            return MailBatchOutcome.None;
        }

        try
        {
            return await context.CallActivityAsync<MailBatchOutcome>(StaffTaskActivities.SendMails, new StaffTaskActivities.MailBatch(mailIds), TaskOptions.FromRetryPolicy(MailRetry));
        }
        catch (TaskFailedException retriesSpent)
        {
            // SendGrid refused to take them for half a day (or a step failed that no retry mends): one last go that says
            // which are still not sent instead of throwing, so the process goes on and the sweeper keeps trying them.
            try
            {
                return await context.CallActivityAsync<MailBatchOutcome>(StaffTaskActivities.SendMails, new StaffTaskActivities.MailBatch(mailIds, LastGo: true), Storage.StorageRetry.Options);
            }
            catch (TaskFailedException)
            {
                return new MailBatchOutcome(0, [.. mailIds.Select(id => new MailDelivery(id, MailStatus.Pending, null, retriesSpent.FailureDetails.ErrorMessage))]);
            }
        }
    }
}
