using EduFlows.Notifications;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>What a run of <see cref="RenewalNoticeCatchUp"/> did.</summary>
/// <param name="OpenNotices">The round's schools whose notice is open.</param>
/// <param name="Sent">The notice mails sent by this run, by outbox id.</param>
/// <param name="AlreadySent">The notice mails of those schools sent before (by the round or an earlier run), not sent again.</param>
/// <param name="NotSent">Mails SendGrid did not take now (left to the outbox's sweeper) or refused, with why.</param>
public sealed record RenewalNoticeCatchUpResult(int OpenNotices, IReadOnlyList<string> Sent, int AlreadySent, IReadOnlyList<MailDelivery> NotSent)
{
    /// <summary>The mails not sent that the mail service refused for good (a bad address, say).</summary>
    public int Refused => NotSent.Count(d => d.Status == MailStatus.Failed);

    /// <summary>The mails not sent that the mail service did not take now; the outbox sends them later.</summary>
    public int Pending => NotSent.Count - Refused;
}
