using Azure.Data.Tables;
using EduFlows.Storage;

namespace EduFlows.Processes.Training;

/// <summary>The tables of courses and lectures: the lectures with their seats, and attendance with credited hours.</summary>
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

    /// <summary>A person's attendance, every year.</summary>
    public Task<List<TrainingAttendance>> AttendanceOfAsync(string staffId, CancellationToken cancellationToken) =>
        Attendance.QueryAsync(TableClient.CreateQueryFilter($"StaffId eq {staffId}"), cancellationToken);

    /// <summary>A year's attendance.</summary>
    public Task<List<TrainingAttendance>> AttendanceOfYearAsync(int year, CancellationToken cancellationToken) =>
        Attendance.QueryAsync(TableClient.CreateQueryFilter($"Year eq {year}"), cancellationToken);

    /// <summary>A lecture's attendance.</summary>
    public Task<List<TrainingAttendance>> AttendanceOfLectureAsync(string lectureId, CancellationToken cancellationToken) =>
        Attendance.QueryAsync(TableClient.CreateQueryFilter($"LectureId eq {lectureId}"), cancellationToken);
}
