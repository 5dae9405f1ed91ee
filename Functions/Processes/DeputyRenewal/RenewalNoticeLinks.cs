using EduFlows.Tasks;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>
/// The signed links of a school's promotion notice (公示), made with the task-link signer: the notice mail gives each
/// recipient their own (the token names the school's round, <c>deputy-renewal-notice:{round}-{school}</c>, and the
/// person) opening the notice page and its objection form until the notice ends.
/// </summary>
public sealed class RenewalNoticeLinks(TaskTokenSigner signer, TaskLinks links)
{
    /// <summary>The notice page's path under the route prefix.</summary>
    public static string PathOf(string roundId, string schoolId) =>
        $"deputy-renewals/{Uri.EscapeDataString(roundId)}/schools/{Uri.EscapeDataString(schoolId)}/notice";

    /// <summary>The person's signed link to the school's notice, working until objections stop being taken.</summary>
    /// <exception cref="ArgumentException">When the record has no notice.</exception>
    public Uri For(RenewalRecord record, string staffId)
    {
        ArgumentNullException.ThrowIfNull(record);
        var endsAt = record.NoticeEndsAt ?? throw new ArgumentException($"{record.Id} has no notice.", nameof(record));
        var expires = new DateTimeOffset(DateTime.SpecifyKind(endsAt, DateTimeKind.Utc));
        return links.To($"{PathOf(record.RoundId, record.SchoolId)}?token={signer.Issue(new TaskLinkToken(Subject(record.RoundId, record.SchoolId), staffId, expires))}");
    }

    /// <summary>Checks a presented token against the school's notice; the person it was issued to when valid.</summary>
    public TaskTokenCheck Check(string? token, string roundId, string schoolId, out string? staffId)
    {
        var check = signer.Check(token, Subject(roundId, schoolId), out var claims);
        staffId = check == TaskTokenCheck.Valid ? claims!.AssigneeId : null;
        return check;
    }

    private static string Subject(string roundId, string schoolId) => "deputy-renewal-notice:" + RenewalRecord.IdOf(roundId, schoolId);
}
