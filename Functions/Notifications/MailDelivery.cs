namespace EduFlows.Notifications;

/// <summary>What became of one message: sent (with SendGrid's id) or failed for good (with the reason).</summary>
/// <param name="MessageId">The outbox id.</param>
/// <param name="Status">Sent or Failed.</param>
/// <param name="SendGridMessageId">SendGrid's X-Message-Id when sent.</param>
/// <param name="Error">Why it failed.</param>
public sealed record MailDelivery(string MessageId, MailStatus Status, string? SendGridMessageId, string? Error);
