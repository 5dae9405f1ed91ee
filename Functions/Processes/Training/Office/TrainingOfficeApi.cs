using EduFlows.AuditLog;
using System.Globalization;
using Azure.Data.Tables;
using EduFlows.Hosting;
using EduFlows.Storage;
using EduFlows.Tasks;
using EduFlows.Workbench;

namespace EduFlows.Processes.Training.Office;

/// <summary>
/// The office's training pages (master key): <c>office/training?year=</c> shows a year's courses and lectures with
/// seats, waiting list and check-ins, and the year's totals with the process's report and export;
/// <c>office/training/lectures/{lectureId}</c> shows who holds a seat, who waits, who checked in (or was marked present,
/// credited or removed by the office, with why) and their feedback, with the office's acts on it.
/// </summary>
public sealed class TrainingOfficeApi(IConfiguration configuration, TrainingStore store, AuditLogStore audit, BureauClock clock, TimeProvider time)
{
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>A year's lectures and totals (this year unless <c>year</c> says otherwise).</summary>
    [Function("OfficeTraining")]
    public async Task<IResult> YearAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/training")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        int year = clock.DateOf(time.GetUtcNow()).Year;
        if (request.Query["year"].ToString() is { Length: > 0 } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out year) || year is < 2000 or > 2100))
        {
            return FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "year", "年份应在2000至2100之间。", "The year must be between 2000 and 2100.");
        }

        var lectures = await store.Lectures.QueryAsync(TableClient.CreateQueryFilter($"Year eq {year}"), cancellationToken).ConfigureAwait(false);
        var attendance = await store.AttendanceOfYearAsync(year, cancellationToken).ConfigureAwait(false);
        return new RenderedPage<TrainingYearPage>(
            new Dictionary<string, object?>
            {
                [nameof(TrainingYearPage.Links)] = OfficeLinks.From(request, _routePrefix),
                [nameof(TrainingYearPage.Year)] = year,
                [nameof(TrainingYearPage.Lectures)] = (IReadOnlyList<Lecture>)[.. lectures.OrderBy(l => l.Date).ThenBy(l => l.Starts).ThenBy(l => l.Id, StringComparer.Ordinal)],
                [nameof(TrainingYearPage.CheckedIn)] = (IReadOnlyDictionary<string, int>)attendance.GroupBy(a => a.LectureId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
                [nameof(TrainingYearPage.Report)] = TrainingReport.For(year, attendance),
            },
            StatusCodes.Status200OK);
    }

    /// <summary>One lecture: seats, waiting list, check-ins (removed ones too) and feedback.</summary>
    [Function("OfficeTrainingLecture")]
    public async Task<IResult> LectureAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/training/lectures/{lectureId}")] HttpRequest request, string lectureId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (TableKey.Problem(lectureId) is not null || (await store.Lectures.GetAsync(lectureId, cancellationToken).ConfigureAwait(false))?.Record is not { } lecture)
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "lectureId", "没有这个课程或讲座。", "There is no such course or lecture.");
        }

        var attendance = await store.AllAttendanceOfLectureAsync(lectureId, cancellationToken).ConfigureAwait(false);
        var acts = await audit.ListAsync(TrainingDesk.AuditStream(lectureId), 1, 500, cancellationToken).ConfigureAwait(false);
        return new RenderedPage<TrainingLecturePage>(
            new Dictionary<string, object?>
            {
                [nameof(TrainingLecturePage.Links)] = OfficeLinks.From(request, _routePrefix),
                [nameof(TrainingLecturePage.Lecture)] = lecture,
                [nameof(TrainingLecturePage.Attendance)] = (IReadOnlyList<TrainingAttendance>)[.. attendance.OrderBy(a => a.CheckedInAt)],
                [nameof(TrainingLecturePage.Clock)] = clock,
                [nameof(TrainingLecturePage.Acts)] = acts,
            },
            StatusCodes.Status200OK);
    }
}
