namespace EduFlows.Notifications;

/// <summary>What became of a batch of outbox messages: how many are sent, and each one that is not, with why.</summary>
/// <param name="Sent">How many of the batch are sent (now or before).</param>
/// <param name="NotSent">
/// Each message not sent: failed for good (SendGrid refused it; it stays in the outbox as failed), missing from the
/// outbox, or — only when the caller has stopped retrying — still pending with the last reason.
/// </param>
public sealed record MailBatchOutcome(int Sent, IReadOnlyList<MailDelivery> NotSent)
{
    /// <summary>An empty batch.</summary>
    public static MailBatchOutcome None { get; } = new(0, []);
}
