using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>
/// Mails the promotion notice (<see cref="RenewalMails.Notice"/>) of each school of a round whose notice is still open
/// and was not mailed: rounds whose notice opened on a worker before <see cref="DeputyRenewal.MailsNoticeSince"/>, which
/// keep their path and never mail it. The office runs it from the round's page (<c>office/deputy-renewals/{roundId}/notice-mails</c>).
/// </summary>
/// <remarks>
/// Each mail is written under the id the round's own notice mail uses (<see cref="DeputyRenewalActivities.NoticeMailIdOf"/>,
/// <see cref="DeputyRenewalActivities.NoticeMail"/>), so a person mailed by the round, or by an earlier run of this, is
/// not mailed again: only messages not yet sent are sent. Run again, it sends nothing. The school's timetable and time
/// zone are those its round started with (the instance's input); a school whose round no longer runs, or whose
/// objections have closed, is left alone.
/// </remarks>
public sealed class RenewalNoticeCatchUp(DeputyRenewalStore store, DirectoryStore directory, StaffNotices notices, RenewalNoticeLinks noticeLinks, MailOutbox outbox, MailSender sender, TimeProvider time)
{
    /// <summary>Writes and sends the notice mails of the round's open notices that are not sent yet.</summary>
    /// <param name="client">Reads each school's round (its input and whether it runs).</param>
    /// <param name="roundId">The round.</param>
    /// <param name="cancellationToken">Stops the run; what was sent stays sent, and a later run sends the rest.</param>
    public async Task<RenewalNoticeCatchUpResult> RunAsync(DurableTaskClient client, string roundId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var now = time.GetUtcNow().UtcDateTime;
        var open = (await store.OfRoundAsync(roundId, cancellationToken).ConfigureAwait(false))
            .Where(r => r.Stage == "notice" && r.OnNotice().Count > 0 && r.NoticeEndsAt is { } endsAt && now < endsAt)
            .OrderBy(r => r.SchoolId, StringComparer.Ordinal)
            .ToList();
        var mailedNow = new List<string>();
        int alreadySent = 0;
        var notSent = new List<MailDelivery>();
        foreach (var record in open)
        {
            var instance = await client.GetInstanceAsync(RenewalRecord.InstanceIdOf(record.RoundId, record.SchoolId), getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
            if (instance is not { IsRunning: true, SerializedInput.Length: > 0 } || instance.ReadInputAs<RenewalRun>() is not { } run)
            {
                continue;
            }

            var ids = await DeputyRenewalActivities.WriteNoticeAsync(directory, notices, noticeLinks, new RenewalNotice(run, record), cancellationToken).ConfigureAwait(false);
            var toSend = new List<string>();
            foreach (string id in ids)
            {
                var stored = (await outbox.GetAsync(id, cancellationToken).ConfigureAwait(false))?.Record;
                if (stored?.Status == MailStatus.Sent)
                {
                    alreadySent++;
                }
                else if (stored?.Status == MailStatus.Failed)
                {
                    // Refused for good before (a bad address, say): sending again is refused again, and the office is
                    // told it was not sent, with SendGrid's reason, not that it went.
                    notSent.Add(new MailDelivery(id, MailStatus.Failed, stored.SendGridMessageId, stored.LastError));
                }
                else
                {
                    toSend.Add(id);
                }
            }

            if (toSend.Count == 0)
            {
                continue;
            }

            // What SendGrid does not take now stays in the outbox, which the sweeper sends later.
            var outcome = await sender.SendAllAsync(toSend, throwWhilePending: false, cancellationToken).ConfigureAwait(false);
            var failed = outcome.NotSent.Select(d => d.MessageId).ToHashSet(StringComparer.Ordinal);
            mailedNow.AddRange(toSend.Where(id => !failed.Contains(id)));
            notSent.AddRange(outcome.NotSent);
        }

        return new RenewalNoticeCatchUpResult(open.Count, mailedNow, alreadySent, notSent);
    }
}
