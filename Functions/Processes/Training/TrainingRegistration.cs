namespace EduFlows.Processes.Training;

/// <summary>
/// That a person took a seat or a waiting place on a lecture (<c>{hub}TrainingRegistrations</c>, keyed person first):
/// how /api/me finds one person's registrations without reading every lecture. The lecture's own lists stay the truth
/// (a cancelled registration keeps its row); the row is written before the seat, so no seat lacks one. Registrations
/// made before the table existed, and those a host of an earlier version takes during an upgrade, are added by
/// <see cref="TrainingRegistrationBackfill"/>.
/// </summary>
/// <param name="StaffId">The person.</param>
/// <param name="LectureId">The lecture.</param>
/// <param name="Year">The lecture's year, to leave out old ones.</param>
public sealed record TrainingRegistration(string StaffId, string LectureId, int Year)
{
    /// <summary>The row's key: the person, then the lecture, so one person's rows are one key range.</summary>
    public string Id => KeyPrefix(StaffId) + LectureId;

    /// <summary>The start of every key of <paramref name="staffId"/>'s rows.</summary>
    internal static string KeyPrefix(string staffId) => staffId + "|";
}
