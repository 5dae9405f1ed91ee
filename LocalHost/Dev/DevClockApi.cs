using EduFlows.Triggers.Timers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace EduFlows.Hosting;

/// <summary>
/// <c>/api/dev/clock</c>, mapped in Development only: read the app's time, or move it forward so that a half-year
/// review can be demonstrated in a minute. Outside Development the routes do not exist.
/// </summary>
public static class DevClockApi
{
    /// <summary>Maps the routes under the function route group.</summary>
    public static RouteGroupBuilder MapDevClockApi(this RouteGroupBuilder functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var clock = functions.MapGroup("/dev/clock").RequireKey(AuthorizationLevel.Admin).WithTags("Development");
        clock.MapGet("/", (DevClock devClock) => TypedResults.Ok(new ClockReading(devClock.GetUtcNow())));
        clock.MapPost("/", MoveAsync).Accepts<ClockChange>("application/json");
        return clock;
    }

    /// <summary>
    /// Reads the change as every function reads a body (<see cref="HttpBody.ReadJsonAsync{T}"/>): a charset other than
    /// UTF-8, a body that is not JSON or not a change is a 4xx naming the field, never a 500 from binding.
    /// </summary>
    public static async Task<IResult> MoveAsync(HttpRequest request, DevClock devClock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var change = await request.ReadJsonAsync<ClockChange>(cancellationToken).ConfigureAwait(false);
        if (change.Failed)
        {
            return change.Problem;
        }

        if (change.Value.Timers is not (null or "run" or "skip"))
        {
            return FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "timers", "timers 只能是 \"run\"（默认：拨动时间经过的每个定时任务补运行一次）或 \"skip\"（记为已完成，不运行）。", "must be \"run\" (the default: each timer the move passes runs once, late) or \"skip\" (they are recorded as done without running).");
        }

        // The timers the move passes are found (and, when asked, skipped) before the clock moves: a timer woken by the
        // move then finds its occurrence already done instead of starting its process.
        var timers = request.HttpContext.RequestServices.GetService<TimerTriggerService>();
        IReadOnlyList<PassedTimer> passed = [];
        if (devClock.FrozenBecause is null && timers is not null && Target(change.Value, devClock) is { } target)
        {
            passed = await timers.PassedByAsync(target, change.Value.Timers == "skip", cancellationToken).ConfigureAwait(false);
        }

        var moved = Move(change.Value, devClock);
        if (moved.Result is Ok<ClockReading> && request.HttpContext.RequestServices.GetService<DevClockStore>() is { } store)
        {
            // Saved before answering: a host killed right after still restarts at the moved time.
            await store.SaveAsync(devClock.Offset, cancellationToken).ConfigureAwait(false);
        }

        return moved.Result is Ok<ClockReading> ok ? TypedResults.Ok(ok.Value! with { Timers = passed }) : moved;
    }

    // Where a valid change would take the clock; null for a change Move refuses.
    private static DateTimeOffset? Target(ClockChange change, DevClock devClock)
    {
        var now = devClock.GetUtcNow();
        var target = change.AdvanceBy is { } amount ? now + amount : change.SetTo;
        return (change.AdvanceBy is null) != (change.SetTo is null) && target > now ? target : null;
    }

    /// <summary>Moves the clock by <see cref="ClockChange.AdvanceBy"/> or to <see cref="ClockChange.SetTo"/> (exactly one).</summary>
    public static Results<Ok<ClockReading>, ProblemHttpResult> Move(ClockChange change, DevClock devClock)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(devClock);
        if (devClock.FrozenBecause is { } frozen)
        {
            return FieldProblem.ForStaff(StatusCodes.Status409Conflict, "storageProvider", devClock.FrozenBecauseZh ?? "开发时钟在此环境中不能拨动。", frozen);
        }

        if ((change.AdvanceBy is null) == (change.SetTo is null))
        {
            return FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "advanceBy", "请只填写 advanceBy（时长，如 \"183.00:00:00\"）或 setTo（时刻，如 \"2027-01-01T09:00:00+08:00\"）中的一项。", "Give exactly one of advanceBy (a duration such as \"183.00:00:00\") or setTo (an instant such as \"2027-01-01T09:00:00+08:00\").");
        }

        if (change.AdvanceBy is { } amount)
        {
            return amount > TimeSpan.Zero
                ? TypedResults.Ok(new ClockReading(devClock.AdvanceBy(amount)))
                : FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "advanceBy", "advanceBy 必须是正的时长：时钟只能向前拨，不能倒退。", "must be a positive duration: the clock never goes back.");
        }

        var now = devClock.GetUtcNow();
        return change.SetTo > now
            ? TypedResults.Ok(new ClockReading(devClock.SetTo(change.SetTo!.Value)))
            : FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "setTo", $"setTo 必须晚于当前时间 {now:O}：时钟只能向前拨，不能倒退。", $"must be after the current time {now:O}: the clock never goes back.");
    }
}

/// <summary>A request to move the dev clock.</summary>
/// <param name="AdvanceBy">How far to move forward.</param>
/// <param name="SetTo">The instant to move to.</param>
/// <param name="Timers">"run" (default): timers the move passes run once, late; "skip": they are recorded as done without running.</param>
public sealed record ClockChange(TimeSpan? AdvanceBy, DateTimeOffset? SetTo, string? Timers = null);

/// <summary>The app's current time.</summary>
/// <param name="UtcNow">The time, in UTC.</param>
/// <param name="Timers">After a move: the timers it passed, and whether each runs or was skipped.</param>
public sealed record ClockReading(
    DateTimeOffset UtcNow,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PassedTimer>? Timers = null);
