using EduFlows.Hosting;
using EduFlows.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EduFlows.Processes.Training;

/// <summary>
/// The office's corrections of a course or lecture (master key), each written to the lecture's audit stream:
/// <c>POST training/lectures/{lectureId}/capacity</c> sets the seats, <c>…/attendance</c> marks a person present or
/// removes their check-in, <c>…/credits</c> credits hours by hand, <c>…/close</c> closes it. Bad input is 422 naming the
/// field in Chinese, no such lecture 404, a state that forbids it 409 (attendance and credits also once
/// <see cref="TrainingOptions.CorrectionDays"/> after the lecture's day are past); none of them changes anything.
/// </summary>
public sealed class TrainingCorrectionsApi(TrainingDesk desk)
{
    /// <summary>The longest reason.</summary>
    public const int MaxReason = 200;

    private const string Routes = "training/lectures/{lectureId}";

    /// <summary>POST <c>…/capacity</c> <c>{"capacity":n}</c>: the seats, not below those registered; people waiting move up when seats grow.</summary>
    [Function("TrainingChangeCapacity")]
    public async Task<IResult> CapacityAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = Routes + "/capacity")] HttpRequest request, string lectureId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (TrainingApi.BadId(lectureId) is { } bad)
        {
            return bad;
        }

        var body = await request.ReadJsonAsync<CapacityChange>(cancellationToken).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        if (body.Value.Capacity is not { } capacity || capacity is < 1 or > LectureDefinition.MaxCapacity)
        {
            return Invalid(new FieldError("capacity", $"must be 1 to {LectureDefinition.MaxCapacity}.") { ReasonZh = $"名额应在1至{LectureDefinition.MaxCapacity}之间。" });
        }

        var (lecture, movedUp, refusal) = await desk.ChangeCapacityAsync(lectureId, capacity, cancellationToken).ConfigureAwait(false);
        return refusal is not null ? Refuse(refusal) : TypedResults.Ok(new { lecture, movedUp = movedUp.Select(s => s.StaffId) });
    }

    /// <summary>POST <c>…/attendance</c> <c>{"staffId","present":true|false,"reason"}</c>: marks a person present (from the day on) or removes their check-in.</summary>
    [Function("TrainingCorrectAttendance")]
    public async Task<IResult> AttendanceAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = Routes + "/attendance")] HttpRequest request, string lectureId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (TrainingApi.BadId(lectureId) is { } bad)
        {
            return bad;
        }

        var body = await request.ReadJsonAsync<AttendanceCorrection>(cancellationToken).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        var errors = new List<FieldError>();
        StaffIdProblem(body.Value.StaffId, errors);
        if (body.Value.Present is null)
        {
            errors.Add(new FieldError("present", "must be true (mark present) or false (remove the check-in).") { ReasonZh = "请选择补记签到或撤销签到。" });
        }

        ReasonProblem(body.Value.Reason, required: true, errors);
        if (errors.Count > 0)
        {
            return FieldProblem.InvalidForStaff(errors, "签到更正有误，未作改动。", "The attendance was not changed.");
        }

        var (attendance, refusal) = await desk.CorrectAttendanceAsync(lectureId, body.Value.StaffId!, body.Value.Present!.Value, body.Value.Reason!.Trim(), cancellationToken).ConfigureAwait(false);
        return refusal is not null ? Refuse(refusal)
            : body.Value.Present!.Value ? TypedResults.Json(attendance, statusCode: StatusCodes.Status201Created)
            : TypedResults.Ok(attendance);
    }

    /// <summary>POST <c>…/credits</c> <c>{"staffId","hours","reason"}</c>: credits a person hours by hand, at most the lecture's own.</summary>
    [Function("TrainingCreditHours")]
    public async Task<IResult> CreditAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = Routes + "/credits")] HttpRequest request, string lectureId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (TrainingApi.BadId(lectureId) is { } bad)
        {
            return bad;
        }

        var body = await request.ReadJsonAsync<HoursCredit>(cancellationToken).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        var errors = new List<FieldError>();
        StaffIdProblem(body.Value.StaffId, errors);
        if (body.Value.Hours is not { } hours || hours < 0.5m || hours > 40m || hours * 2 != decimal.Truncate(hours * 2))
        {
            errors.Add(new FieldError("hours", "must be 0.5 to 40, in half hours.") { ReasonZh = "学时应在0.5至40之间，以0.5为单位。" });
        }

        ReasonProblem(body.Value.Reason, required: true, errors);
        if (errors.Count > 0)
        {
            return FieldProblem.InvalidForStaff(errors, "补计学时有误，未作改动。", "No hours were credited.");
        }

        var (attendance, refusal) = await desk.CreditAsync(lectureId, body.Value.StaffId!, body.Value.Hours!.Value, body.Value.Reason!.Trim(), cancellationToken).ConfigureAwait(false);
        return refusal is not null ? Refuse(refusal) : TypedResults.Json(attendance, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>POST <c>…/close</c> <c>{"reason"}</c> (reason optional): no more registrations, cancellations, check-ins or seat changes; feedback still comes in.</summary>
    [Function("TrainingCloseLecture")]
    public async Task<IResult> CloseAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = Routes + "/close")] HttpRequest request, string lectureId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (TrainingApi.BadId(lectureId) is { } bad)
        {
            return bad;
        }

        var body = await request.ReadJsonAsync<Closing>(cancellationToken).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        var errors = new List<FieldError>();
        ReasonProblem(body.Value.Reason, required: false, errors);
        if (errors.Count > 0)
        {
            return FieldProblem.InvalidForStaff(errors, "关闭原因有误，课程未关闭。", "The lecture was not closed.");
        }

        var (lecture, refusal) = await desk.CloseAsync(lectureId, string.IsNullOrWhiteSpace(body.Value.Reason) ? null : body.Value.Reason.Trim(), cancellationToken).ConfigureAwait(false);
        return refusal is not null ? Refuse(refusal) : TypedResults.Ok(lecture);
    }

    private static void StaffIdProblem(string? staffId, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(staffId) || TableKey.Problem(staffId) is not null)
        {
            errors.Add(new FieldError("staffId", "must be a staff id.") { ReasonZh = "请填写人员编号（如 stf-31）。" });
        }
    }

    private static void ReasonProblem(string? reason, bool required, List<FieldError> errors)
    {
        if ((required && string.IsNullOrWhiteSpace(reason)) || reason?.Trim().Length > MaxReason)
        {
            errors.Add(new FieldError("reason", $"must be given, at most {MaxReason} characters.") { ReasonZh = required ? $"请填写原因（不超过{MaxReason}字）。" : $"原因不超过{MaxReason}字。" });
        }
    }

    private static ProblemHttpResult Invalid(FieldError error) => FieldProblem.InvalidForStaff([error], "填写有误，未作改动。", "Nothing was changed.");

    private static ProblemHttpResult Refuse(TrainingRefusal refusal) => refusal.Status == StatusCodes.Status422UnprocessableEntity
        ? Invalid(new FieldError(refusal.Field, refusal.En) { ReasonZh = refusal.Zh })
        : FieldProblem.ForStaff(refusal.Status, refusal.Field, refusal.Zh, refusal.En);

    /// <summary>The seats.</summary>
    /// <param name="Capacity">1–300, not below those registered.</param>
    public sealed record CapacityChange(int? Capacity);

    /// <summary>An attendance correction.</summary>
    /// <param name="StaffId">The person.</param>
    /// <param name="Present">True: mark present; false: remove the check-in.</param>
    /// <param name="Reason">Why (required, up to 200 characters).</param>
    public sealed record AttendanceCorrection(string? StaffId, bool? Present, string? Reason);

    /// <summary>Hours credited by hand.</summary>
    /// <param name="StaffId">The person.</param>
    /// <param name="Hours">0.5–40 in half hours, at most the lecture's own hours.</param>
    /// <param name="Reason">Why (required, up to 200 characters).</param>
    public sealed record HoursCredit(string? StaffId, decimal? Hours, string? Reason);

    /// <summary>A closing.</summary>
    /// <param name="Reason">Why (optional, up to 200 characters).</param>
    public sealed record Closing(string? Reason);
}
