namespace EduFlows.Processes.DeputyRenewal.Office;

/// <summary>What the office's notice catch-up did, as the round's page says it afterwards.</summary>
/// <param name="Mailed">Notice mails sent now.</param>
/// <param name="MailedBefore">Notice mails sent before (by the round or an earlier catch-up), not sent again.</param>
/// <param name="Pending">Notice mails the mail service did not take now; the outbox sends them later.</param>
/// <param name="Refused">Notice mails the mail service refused for good (a bad address, say).</param>
public sealed record RenewalNoticeMailCount(int Mailed, int MailedBefore, int Pending, int Refused)
{
    /// <summary>The notice mails not sent, for now or for good.</summary>
    public int NotMailed => Pending + Refused;
}
