using EduFlows.Notifications;

namespace EduFlows.Workbench.Operations;

/// <summary>One outbox message on the office's mail page.</summary>
/// <param name="Id">The message id.</param>
/// <param name="ToName">The recipient's name.</param>
/// <param name="To">The address.</param>
/// <param name="Subject">The subject line.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="StatusName">That, in words.</param>
/// <param name="Written">When it was written (bureau time).</param>
/// <param name="Sent">When SendGrid accepted it, empty if not.</param>
/// <param name="Attempts">How many times SendGrid was asked.</param>
/// <param name="Reason">Why it did not go, in words; empty when nothing went wrong.</param>
/// <param name="Error">The stored error text, shown as a code under the words.</param>
/// <param name="CanResend">Sent or failed: a copy can be sent.</param>
public sealed record OfficeMailRow(
    string Id, string ToName, string To, string Subject, MailStatus Status, string StatusName, string Written, string Sent, int Attempts, string Reason, string? Error, bool CanResend);
