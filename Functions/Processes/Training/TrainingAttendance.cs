namespace EduFlows.Processes.Training;

/// <summary>One person's attendance at one lecture (a check-in), with the hours credited and their feedback, table <c>{hub}TrainingAttendance</c>.</summary>
/// <param name="LectureId">The lecture.</param>
/// <param name="Series">Its series ("course" or "lecture").</param>
/// <param name="Title">Its title.</param>
/// <param name="StaffId">The person.</param>
/// <param name="Name">Their name.</param>
/// <param name="SchoolId">Their school (null for bureau staff).</param>
/// <param name="SchoolName">The school's name.</param>
/// <param name="Post">Their post (principal, vice-principal, teacher…), for the principal-attendance count.</param>
/// <param name="Date">The lecture's day.</param>
/// <param name="Hours">Hours credited.</param>
/// <param name="CheckedInAt">When they checked in (UTC).</param>
public sealed record TrainingAttendance(
    string LectureId, string Series, string Title, string StaffId, string Name, string? SchoolId, string? SchoolName, string Post, DateOnly Date, decimal Hours, DateTimeOffset CheckedInAt)
{
    /// <summary>Feedback score 1–5, once given.</summary>
    public int? Rating { get; init; }

    /// <summary>Feedback comment.</summary>
    public string? Comment { get; init; }

    /// <summary>How it came: <see cref="ByCheckIn"/> (the venue's QR), <see cref="ByOffice"/> (marked present after the day) or <see cref="ByCredit"/> (hours credited by hand).</summary>
    public string Source { get; init; } = ByCheckIn;

    /// <summary>Why the office recorded it (for <see cref="ByOffice"/> and <see cref="ByCredit"/>).</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// Set when the office removed it as wrong: the row stays for the record with <see cref="Hours"/> 0, and the store's
    /// queries leave it out, so reports, the person's record and the reserve-pool file no longer count it.
    /// </summary>
    public AttendanceWithdrawal? Withdrawn { get; init; }

    /// <summary>Checked in with the venue's code.</summary>
    public const string ByCheckIn = "check-in";

    /// <summary>Marked present by the office (checked in without the code).</summary>
    public const string ByOffice = "office";

    /// <summary>Hours credited by hand by the office (attended elsewhere).</summary>
    public const string ByCredit = "credit";

    /// <summary>The row id.</summary>
    public string Id => IdOf(LectureId, StaffId);

    /// <summary>Whether the person is a principal (校长), for the seed's "principal attendances".</summary>
    public bool ByPrincipal => Post == "principal";

    /// <summary>The row id of a person at a lecture.</summary>
    public static string IdOf(string lectureId, string staffId) => $"{lectureId}.{staffId}";
}
