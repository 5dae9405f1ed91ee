using EduFlows.Hosting;
using EduFlows.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EduFlows.Calendar;

/// <summary>
/// The shared working-day calendar over HTTP: <c>GET /api/calendar/{year}</c> (function key) reads a year's holidays
/// and adjusted working days, <c>PUT /api/calendar/{year}</c> (master key) replaces them after validation.
/// </summary>
public sealed class CalendarApi(CalendarStore store)
{
    /// <summary>GET a year's schedule; 404 naming "year" when the calendar has no data for it.</summary>
    [Function("CalendarGetYear")]
    public async Task<Results<Ok<HolidaySchedule>, ProblemHttpResult>> GetYearAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "calendar/{year:int}")] HttpRequest request, int year, CancellationToken ct) =>
        await store.GetAsync(year, ct).ConfigureAwait(false) is { } schedule
            ? TypedResults.Ok(schedule)
            : FieldProblem.ForStaff(StatusCodes.Status404NotFound, "year", $"日历中没有 {year} 年的节假日安排，请按国务院通知录入。", $"The calendar has no holidays for {year}; enter them from the State Council's notice.");

    /// <summary>PUT a year's schedule (master key): validated (422 naming the field), nothing changed on error.</summary>
    [Function("CalendarPutYear")]
    public async Task<IResult> PutYearAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "put", Route = "calendar/{year:int}")] HttpRequest request, int year, CancellationToken ct)
    {
        var (candidate, refused) = await ReadYearAsync(request, year, ct).ConfigureAwait(false);
        if (candidate is null)
        {
            return refused!;
        }

        await store.SaveAsync(candidate, ct).ConfigureAwait(false);
        return TypedResults.Ok(candidate);
    }

    /// <summary>
    /// The body as the year's schedule to store, validated and its days in order; or the refusal (413, 422 naming the
    /// field) when it cannot be stored. Stores nothing: the PUT route and the office's form each save it their way.
    /// </summary>
    internal static async Task<(HolidaySchedule? Candidate, IResult? Refused)> ReadYearAsync(HttpRequest request, int year, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await request.ReadJsonObjectAsync<HolidaySchedule>(ct).ConfigureAwait(false);
        if (body.Failed)
        {
            return (null, body.Problem);
        }

        var schedule = body.Value;
        if (RecordSize.Check(schedule) is { } tooLarge)
        {
            return (null, FieldProblem.ForStaff(
                StatusCodes.Status413PayloadTooLarge,
                tooLarge.Field,
                $"节假日安排过长：“{tooLarge.Field}”使这一年的记录超过存储上限（最多 {RecordSize.MaxJsonChars} 个字符），未作任何修改。",
                $"{tooLarge.Field} {tooLarge.Reason} Nothing was stored."));
        }

        if (schedule.Year != 0 && schedule.Year != year)
        {
            return (null, FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "year", $"请求体是 {schedule.Year} 年的安排，不是 {year} 年的。", $"The body is the schedule of {schedule.Year}, not of {year}."));
        }

        var candidate = schedule with { Year = year };
        if (candidate.Validate() is { Count: > 0 } errors)
        {
            return (null, FieldProblem.InvalidForStaff(errors, "节假日安排有误，未作任何修改。", "The schedule is not valid; nothing was stored."));
        }

        return (candidate with { Holidays = [.. candidate.Holidays.Order()], AdjustedWorkingDays = [.. candidate.AdjustedWorkingDays.Order()] }, null);
    }
}
