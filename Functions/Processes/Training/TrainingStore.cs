using Azure.Data.Tables;
using EduFlows.Storage;

namespace EduFlows.Processes.Training;

/// <summary>The tables of courses and lectures: the lectures with their seats, registrations by person, attendance with credited hours, and marks of one-time work.</summary>
public sealed class TrainingStore(StorageAccount account, string hubName)
{
    /// <summary>Lectures by id.</summary>
    public RecordTable<Lecture> Lectures { get; } = new(account.Tables.GetTableClient(hubName + "TrainingLectures"), l => l.Id, l => new Dictionary<string, object?>
    {
        ["Year"] = l.Date.Year,
        ["Series"] = l.Series,
    });

    /// <summary>Attendance by lecture and person.</summary>
    public RecordTable<TrainingAttendance> Attendance { get; } = new(account.Tables.GetTableClient(hubName + "TrainingAttendance"), a => a.Id, a => new Dictionary<string, object?>
    {
        ["StaffId"] = a.StaffId,
        ["LectureId"] = a.LectureId,
        ["Year"] = a.Date.Year,
    });

    /// <summary>Who registered for which lecture, by person (see <see cref="TrainingRegistration"/>).</summary>
    public RecordTable<TrainingRegistration> Registrations { get; } = new(account.Tables.GetTableClient(hubName + "TrainingRegistrations"), r => r.Id, r => new Dictionary<string, object?>
    {
        ["StaffId"] = r.StaffId,
        ["Year"] = r.Year,
    });

    /// <summary>Marks of one-time work done on these tables (see <see cref="RegistrationBackfillMark"/>).</summary>
    public RecordTable<RegistrationBackfillMark> Marks { get; } = new(account.Tables.GetTableClient(hubName + "TrainingMarks"), _ => RegistrationBackfillMark.Key, _ => new Dictionary<string, object?>());

    /// <summary>
    /// The one-time work of putting the registrations made before <see cref="Registrations"/> existed into it
    /// (<see cref="TrainingRegistrationBackfill"/>), marked in <see cref="Marks"/>. It saves no resume point (the run
    /// compares the lectures with the rows, so the rows a stopped run added are found by the next), hence the unused
    /// point type.
    /// </summary>
    public OneTimeWork<RegistrationBackfillMark, string> RegistrationsIndexed { get; } = new(account.Tables.GetTableClient(hubName + "TrainingMarks"), RegistrationBackfillMark.Key);

    /// <summary>
    /// Whether every registration is in <see cref="Registrations"/>: those made since by the desk always are, those made
    /// before the table existed once <see cref="TrainingRegistrationBackfill"/> has marked them done.
    /// </summary>
    public Task<bool> RegistrationsBackfilledAsync(CancellationToken cancellationToken) => RegistrationsIndexed.IsDoneAsync(cancellationToken);

    /// <summary>The lectures of <paramref name="fromYear"/> or later, with their seats and waiting lists.</summary>
    public Task<List<Lecture>> LecturesFromAsync(int fromYear, CancellationToken cancellationToken) =>
        Lectures.QueryAsync(TableClient.CreateQueryFilter($"Year ge {fromYear}"), cancellationToken);

    /// <summary>The lectures a person registered for in <paramref name="fromYear"/> or later: one key range, not every lecture.</summary>
    public async Task<List<TrainingRegistration>> RegistrationsOfAsync(string staffId, int fromYear, CancellationToken cancellationToken)
    {
        // '|' ends every key of this person; '}' is the character after it, so "stf-1|…" is in range and "stf-10|…" is not.
        string from = TrainingRegistration.KeyPrefix(staffId), to = staffId + "}";
        return await Registrations.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to} and StaffId eq {staffId} and Year ge {fromYear}"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every person's registration rows of <paramref name="fromYear"/> or later (what <see cref="TrainingRegistrationBackfill"/> compares the lectures with).</summary>
    public Task<List<TrainingRegistration>> RegistrationsFromAsync(int fromYear, CancellationToken cancellationToken) =>
        Registrations.QueryAsync(TableClient.CreateQueryFilter($"Year ge {fromYear}"), cancellationToken);

    /// <summary>A person's attendance, every year (without rows the office removed).</summary>
    public async Task<List<TrainingAttendance>> AttendanceOfAsync(string staffId, CancellationToken cancellationToken) =>
        Live(await Attendance.QueryAsync(TableClient.CreateQueryFilter($"StaffId eq {staffId}"), cancellationToken).ConfigureAwait(false));

    /// <summary>A year's attendance (without rows the office removed).</summary>
    public async Task<List<TrainingAttendance>> AttendanceOfYearAsync(int year, CancellationToken cancellationToken) =>
        Live(await Attendance.QueryAsync(TableClient.CreateQueryFilter($"Year eq {year}"), cancellationToken).ConfigureAwait(false));

    /// <summary>A lecture's attendance (without rows the office removed).</summary>
    public async Task<List<TrainingAttendance>> AttendanceOfLectureAsync(string lectureId, CancellationToken cancellationToken) =>
        Live(await AllAttendanceOfLectureAsync(lectureId, cancellationToken).ConfigureAwait(false));

    /// <summary>A lecture's attendance with the rows the office removed (its office page shows them, with why).</summary>
    public Task<List<TrainingAttendance>> AllAttendanceOfLectureAsync(string lectureId, CancellationToken cancellationToken) =>
        Attendance.QueryAsync(TableClient.CreateQueryFilter($"LectureId eq {lectureId}"), cancellationToken);

    // A removed row stays for the record (filtered here, not by a column: rows written before have none to compare).
    private static List<TrainingAttendance> Live(List<TrainingAttendance> rows) => [.. rows.Where(a => a.Withdrawn is null)];
}
