using System.Globalization;
using EduFlows.Hosting;
using EduFlows.Tasks;
using EduFlows.Triggers.Timers;

namespace EduFlows.Workbench;

/// <summary>
/// <c>/api/office/timers</c> (master key): the timers as the office holds them, and the office's actions on one:
/// pause, resume, its overlap policy, and a backfill of past occurrences (each run once). The office home links to each
/// action's confirmation page (GET, which changes nothing: it says what will happen, as every office action's does);
/// its form posts here and is sent back to the home; a refused form is the act's form again with the Chinese reason at
/// its field (a browser never sees problem+json); a script posts JSON and gets JSON. Offered by the host that runs the timers (the local host);
/// Azure's Functions host has no such controls, and there the actions answer 409.
/// </summary>
public sealed class OfficeTimersApi(IConfiguration configuration, BureauClock clock, TimeProvider time, Operations.OfficeActLog acts, ITimerSchedules? schedules = null)
{
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    private const string Pause = "pause", Resume = "resume", Overlap = "overlap", Backfill = "backfill";
    private static readonly string[] Formats = ["yyyy-MM-dd", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss"];

    /// <summary>Every timer with its control, last and next occurrence (JSON).</summary>
    [Function("OfficeTimers")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/timers")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return schedules is null
            ? (IResult)Unavailable()
            : TypedResults.Ok(await schedules.ListAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>An action on one timer: <c>pause</c>, <c>resume</c>, <c>overlap</c> or <c>backfill</c>; GET shows its confirmation.</summary>
    [Function("OfficeTimerAction")]
    public async Task<IResult> ActAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/timers/{timer}/{action}")] HttpRequest request, string timer, string action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (schedules is null)
        {
            return Unavailable();
        }

        if (OfficeTimer.All.FirstOrDefault(t => t.Function == timer) is not { } known)
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "timer", $"没有名为“{timer}”的定时任务。", $"There is no timer named {timer}.");
        }

        if (action is not (Pause or Resume or Overlap or Backfill))
        {
            return UnknownAction();
        }

        if (!HttpMethods.IsPost(request.Method) || request.HasFormContentType)
        {
            // The confirmation page (GET) and its form: read and refused as every office form is (the act's form again,
            // the Chinese reason at its field), then handed to the JSON path below; a done act goes back to the home's timers.
            var links = OfficeLinks.From(request, _routePrefix);
            return await Operations.OfficeForms.RunAsync(
                request, links, $"office/timers/{known.Function}/{action}", "office", Act(known, action, links),
                async _ => (await ChangeAsync(schedules, request, known, action, cancellationToken).ConfigureAwait(false)).Result, cancellationToken, doneAt: "timers").ConfigureAwait(false);
        }

        // A script's JSON: the form path above is recorded by OfficeForms; this one is recorded here, once done.
        var (result, change) = await ChangeAsync(schedules, request, known, action, cancellationToken).ConfigureAwait(false);
        if (result is IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK })
        {
            var act = Act(known, action, OfficeLinks.From(request, _routePrefix) with { Culture = "zh-CN" });
            await acts.RecordAsync(
                request.HttpContext,
                act.Heading,
                $"timers/{known.Function}/{action}",
                Operations.OfficeForms.Recorded(act, Typed(change)),
                null,
                cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    // The body's members as a form would have typed them, for the record.
    private static Dictionary<string, string> Typed(TimerChange change) =>
        new[] { ("overlap", change.Overlap), ("from", change.From), ("to", change.To) }
            .Where(m => m.Item2 is not null).ToDictionary(m => m.Item1, m => m.Item2!, StringComparer.Ordinal);

    // The action on a JSON body (a script's, or the home's form read into one), and the change it was given.
    private async Task<(IResult Result, TimerChange Change)> ChangeAsync(ITimerSchedules held, HttpRequest request, OfficeTimer known, string action, CancellationToken cancellationToken)
    {
        string timer = known.Function;
        TimerChange change;
        if (action is Overlap or Backfill)
        {
            var body = await request.ReadJsonAsync<TimerChange>(cancellationToken).ConfigureAwait(false);
            if (body.Failed)
            {
                return (body.Problem, new TimerChange());
            }

            change = body.Value;
        }
        else
        {
            change = new TimerChange();
        }

        object? done;
        switch (action)
        {
            case Pause:
                done = await held.PauseAsync(timer, cancellationToken).ConfigureAwait(false);
                break;
            case Resume:
                done = await held.ResumeAsync(timer, cancellationToken).ConfigureAwait(false);
                break;
            case Overlap:
                TimerOverlap? overlap = change.Overlap switch { "skip" => TimerOverlap.Skip, "runOnceAfter" => TimerOverlap.RunOnceAfter, _ => null };
                if (overlap is null)
                {
                    return (FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "overlap", "“重叠策略”只能是“跳过”（skip）或“结束后补跑一次”（runOnceAfter）。", "overlap must be skip or runOnceAfter."), change);
                }

                done = await held.SetOverlapAsync(timer, overlap.Value, cancellationToken).ConfigureAwait(false);
                break;
            case Backfill:
                if (Range(change, known) is { } refused)
                {
                    return (refused, change);
                }

                done = await held.BackfillAsync(timer, Instant(change.From!, endOfDay: false)!.Value, Instant(change.To!, endOfDay: true)!.Value, cancellationToken).ConfigureAwait(false);
                break;
            default:
                return (UnknownAction(), change);
        }

        return (TypedResults.Ok(done), change);
    }

    // A timer act as its confirmation page shows it (what will happen, the fields to fill), and as a refused form is shown again.
    private Operations.OfficeFormAct Act(OfficeTimer known, string action, OfficeLinks links)
    {
        string title = known.Title(links.Culture), doesZh = known.Does("zh-CN"), doesEn = known.Does("en");
        string next = known.NextAfter(time.GetUtcNow(), clock.Zone) is { } at ? clock.Format(at) : "—";
        string zhZone = clock.ZoneNameZh, enZone = clock.ZoneName("en");
        return action switch
        {
            Overlap => new(
                links.Say($"重叠策略：{title}", $"Overlap policy: {title}"),
                links.Say(
                    $"上次执行尚未结束时，本次是跳过，还是等结束后补跑一次。保存后即按所选策略执行；每次执行{doesZh}。",
                    $"Whether an occurrence due while the last still runs is skipped or run once after it ends; saved, the choice applies at once. Each occurrence {doesEn}."),
                links.Say("保存", "Save"),
                [new("overlap", links.Say("重叠策略", "Overlap policy"), Choices: [("skip", links.Say("跳过重叠", "Skip overlaps")), ("runOnceAfter", links.Say("结束后补跑一次", "Run once after"))])]),
            Backfill => new(
                links.Say($"补跑：{title}", $"Backfill: {title}"),
                links.Say(
                    $"该时段内已过去的每次执行各立即补跑一遍（{zhZone}，按日期；已跑过的不再跑）。每次执行{doesZh}。",
                    $"Each past occurrence in the range runs once, now ({enZone}, by date; one already run is not run again). Each occurrence {doesEn}."),
                links.Say("补跑（每次只跑一遍）", "Backfill (each once)"),
                [new("from", links.Say("补跑自", "Backfill from"), Operations.OfficeFieldKind.Date), new("to", links.Say("至", "to"), Operations.OfficeFieldKind.Date)]),
            Pause => new(
                links.Say($"暂停：{title}", $"Pause: {title}"),
                links.Say(
                    $"暂停后到点不再执行（下次本应在 {next}，{zhZone}），直到恢复；暂停期间错过的执行恢复后不会自动补跑，可用“补跑”补上。每次执行{doesZh}。",
                    $"While paused, no occurrence runs (the next is due {next}, {enZone}) until it is resumed; occurrences missed meanwhile are not run on resuming (backfill them). Each occurrence {doesEn}."),
                links.Say("暂停", "Pause"),
                []),
            _ => new(
                links.Say($"恢复：{title}", $"Resume: {title}"),
                links.Say(
                    $"恢复后按计划执行，下次在 {next}（{zhZone}）。每次执行{doesZh}。",
                    $"Occurrences run on schedule again, the next at {next} ({enZone}). Each occurrence {doesEn}."),
                links.Say("恢复", "Resume"),
                []),
        };
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult UnknownAction() =>
        FieldProblem.ForStaff(StatusCodes.Status404NotFound, "action", "定时任务只能暂停、恢复、设置重叠策略或补跑。", "A timer can be paused, resumed, given an overlap policy or backfilled.");

    // Null when the backfill range is valid: both ends read, in order, not in the future, and at most MaxBackfill occurrences.
    private Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Range(TimerChange change, OfficeTimer known)
    {
        var from = change.From is null ? null : Instant(change.From, endOfDay: false);
        if (from is null)
        {
            return FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "from", $"“补跑起始”需填写日期（如 2027-01-01，{clock.ZoneNameZh}）。", $"from must be a date such as 2027-01-01 ({clock.ZoneName("en")}).");
        }

        var to = change.To is null ? null : Instant(change.To, endOfDay: true);
        if (to is null)
        {
            return FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "to", $"“补跑截止”需填写日期（如 2027-03-31，{clock.ZoneNameZh}）。", $"to must be a date such as 2027-03-31 ({clock.ZoneName("en")}).");
        }

        var now = time.GetUtcNow();
        if (to < from)
        {
            return FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "to", "“补跑截止”不能早于“补跑起始”。", "to must not be before from.");
        }

        if (to > now)
        {
            return FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "to", $"只能补跑已经过去的时间；现在是 {clock.Format(now)}。", $"Only past occurrences can be backfilled; it is {clock.Format(now)}.");
        }

        int count = TimerSchedule.Parse(known.Schedule, clock.Zone.Id).Between(from.Value, to.Value, MaxBackfill).Count;
        return count > MaxBackfill
            ? FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "to", $"该时段内的执行次数超过 {MaxBackfill} 次，请缩短时段。", $"The range holds more than {MaxBackfill} occurrences; shorten it.")
            : null;
    }

    /// <summary>The most occurrences one backfill runs (the host's own bound, repeated here to refuse before running any).</summary>
    public const int MaxBackfill = 100;

    private DateTimeOffset? Instant(string text, bool endOfDay)
    {
        if (!DateTime.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        // A bare date to: through the end of that day.
        if (endOfDay && text.Trim().Length == 10)
        {
            local = local.AddDays(1).AddTicks(-1);
        }

        return new DateTimeOffset(local, clock.Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Unavailable() =>
        FieldProblem.ForStaff(StatusCodes.Status409Conflict, "timer", "此主机不提供定时任务的暂停、恢复与补跑（Azure 的 Functions 主机没有这些功能），计划照常执行。", "This host offers no pause, resume or backfill of timers (Azure's Functions host has none); the schedules run as they are.");
}
