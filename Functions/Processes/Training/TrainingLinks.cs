using EduFlows.Tasks;

namespace EduFlows.Processes.Training;

/// <summary>
/// The signed links of courses and lectures, made with the task-link signer: a person's registration link
/// (<c>training-registration:{lecture}</c>, addressed to them, expiring when the lecture ends; the same token opens their
/// check-in and feedback) and the venue's check-in code shown as a QR code (<c>training-check-in:{lecture}</c>,
/// expiring at the end of the lecture's day).
/// </summary>
public sealed class TrainingLinks(TaskTokenSigner signer, TaskLinks links, BureauClock clock)
{
    private const string Venue = "venue";

    /// <summary>When a person's links stop working: the end of the lecture's day plus a week, so feedback can follow.</summary>
    public DateTimeOffset PersonalExpiry(Lecture lecture) => DayEnd(lecture).AddDays(7);

    /// <summary>The end of the lecture's day (bureau midnight), in UTC: the check-in code's expiry.</summary>
    public DateTimeOffset DayEnd(Lecture lecture)
    {
        ArgumentNullException.ThrowIfNull(lecture);
        var local = lecture.Date.AddDays(1).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, clock.Zone), TimeSpan.Zero);
    }

    /// <summary>A person's registration token.</summary>
    public string PersonalToken(Lecture lecture, string staffId) =>
        signer.Issue(new TaskLinkToken(RegistrationSubject(lecture.Id), staffId, PersonalExpiry(lecture)));

    /// <summary>A person's registration link.</summary>
    public Uri Registration(Lecture lecture, string staffId) =>
        links.To($"training/lectures/{Uri.EscapeDataString(lecture.Id)}/registration?token={PersonalToken(lecture, staffId)}");

    /// <summary>The venue's check-in code.</summary>
    public string CheckInCode(Lecture lecture) => signer.Issue(new TaskLinkToken(CheckInSubject(lecture.Id), Venue, DayEnd(lecture)));

    /// <summary>The check-in link the QR code holds.</summary>
    public Uri CheckIn(Lecture lecture) => links.To($"training/lectures/{Uri.EscapeDataString(lecture.Id)}/check-in?code={CheckInCode(lecture)}");

    /// <summary>Whose registration <paramref name="token"/> is (its check: valid, forged, another lecture's, expired).</summary>
    public TaskTokenCheck Person(string? token, string lectureId, out string? staffId)
    {
        var check = signer.Check(token, RegistrationSubject(lectureId), out var claims);
        staffId = check == TaskTokenCheck.Valid ? claims!.AssigneeId : null;
        return check;
    }

    /// <summary>The check of a venue code.</summary>
    public TaskTokenCheck Code(string? code, string lectureId) => signer.Check(code, CheckInSubject(lectureId), out _);

    private static string RegistrationSubject(string lectureId) => $"training-registration:{lectureId}";

    private static string CheckInSubject(string lectureId) => $"training-check-in:{lectureId}";
}
