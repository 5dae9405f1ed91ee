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

    /// <summary>The row id.</summary>
    public string Id => IdOf(LectureId, StaffId);

    /// <summary>Whether the person is a principal (校长), for the seed's "principal attendances".</summary>
    public bool ByPrincipal => Post == "principal";

    /// <summary>The row id of a person at a lecture.</summary>
    public static string IdOf(string lectureId, string staffId) => $"{lectureId}.{staffId}";
}
