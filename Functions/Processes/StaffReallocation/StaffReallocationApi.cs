using System.Text.RegularExpressions;
using EduFlows.Hosting;
using EduFlows.Processes.StaffReallocation.Office;
using EduFlows.StaffDirectory;
using EduFlows.StaffPortal;
using EduFlows.Storage;
using EduFlows.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// <c>/api/staff-reallocation</c>: administrators (master key) start a reallocation, bring an appeal during a round's
/// appeal window (as may the person themselves, signed in or with their result mail's link), read a person's record and trace, read the reports (JSON or .xlsx), and try a draft (what-if).
/// </summary>
public sealed partial class StaffReallocationApi(
    StaffReallocationStore store, DirectoryStore directory, BureauClock clock, TimeProvider time, FunctionKeys keys, ReallocationAppealLinks appealLinks, StaffReallocationOptions options, EduFlows.Notifications.HtmlRendering html)
{
    /// <summary>Who an appeal brought with the master key was lodged by.</summary>
    public const string ByMasterKey = "administrator (master key)";

    /// <summary>POST <c>staff-reallocation/{reallocationId}</c>: starts the orchestration (202; 409 when it runs; 422 naming the field).</summary>
    [Function("StaffReallocationStart")]
    public async Task<IResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "staff-reallocation/{reallocationId}")] HttpRequest request,
        string reallocationId, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        await StartAsync(request, reallocationId, client, body => body, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The start route's whole work, for the route and the office's form (<see cref="ReallocationOfficeActs"/>): checks
    /// the id and the body read from <paramref name="request"/>, as <paramref name="asMeant"/> reads it (the form's blank
    /// schools are the whole county), and starts the orchestration; nothing starts on a refusal.
    /// </summary>
    internal async Task<IResult> StartAsync(
        HttpRequest request, string reallocationId, DurableTaskClient client, Func<ReallocationStartBody, ReallocationStartBody> asMeant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(asMeant);
        if (!IdPattern().IsMatch(reallocationId))
        {
            return FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "reallocationId", "县管校聘编号应形如 staff-reallocation-2027（年份在后）。", "reallocationId must look like staff-reallocation-2027.");
        }

        var read = await request.ReadJsonAsync<ReallocationStartBody>(cancellationToken).ConfigureAwait(false);
        if (read.Failed)
        {
            return read.Problem;
        }

        var body = asMeant(read.Value);

        // An id the storage would refuse as a key is named here rather than becoming a 500.
        if (TableKey.Refusal("ownerId", body.OwnerId) is { } notAKey)
        {
            return notAKey;
        }

        if (body.OwnerId is not { Length: > 0 } owner || await directory.Staff.GetAsync(owner, cancellationToken).ConfigureAwait(false) is null)
        {
            return FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "ownerId", "负责人须为名录中的人员（填写其工号）。", "ownerId must be a staff member of the directory.");
        }

        if (await SchoolsProblemAsync(body.SchoolIds, cancellationToken).ConfigureAwait(false) is { } badSchools)
        {
            return badSchools;
        }

        // Named as the office will list it, the year's earlier ones counted, so its timers and tasks say the same.
        var startedAt = time.GetUtcNow();
        var asOf = body.AsOf ?? clock.DateOf(startedAt);
        var record = new ReallocationRecord { Id = reallocationId, OwnerId = owner, AsOf = asOf, StartedAt = startedAt };
        var title = ReallocationNames.Title(record, [.. await store.Reallocations.QueryAsync(null, cancellationToken).ConfigureAwait(false), record]);
        var start = new ReallocationStart(
            reallocationId, owner, asOf, body.SupportRota ?? [], options, body.SchoolIds, AppealsOnRecord: true, ObjectionsKept: true, StartedAt: startedAt, Title: title);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(StaffReallocation.Name, start, new StartOrchestrationOptions(reallocationId), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (EduFlows.Durable.InstanceStarts.AlreadyExists(ex))
        {
            return FieldProblem.ForStaff(StatusCodes.Status409Conflict, "reallocationId", $"{reallocationId} 已在进行中，不能重复启动。", $"{reallocationId} is already running.");
        }

        return TypedResults.Accepted($"/api/staff-reallocation/{reallocationId}/report", new { reallocationId });
    }

    // The schools named for a pilot: at least one, each a school of the directory, each once.
    private async Task<IResult?> SchoolsProblemAsync(IReadOnlyList<string>? schoolIds, CancellationToken cancellationToken)
    {
        if (schoolIds is null)
        {
            return null;
        }

        if (schoolIds.Count == 0)
        {
            return FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "schoolIds", "试点学校至少填写一所；全县进行时请不填此项。", "schoolIds must name at least one school, or be left out for the whole county.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < schoolIds.Count; i++)
        {
            string? school = schoolIds[i];
            string field = $"schoolIds[{i}]";
            if (TableKey.Refusal(field, school) is { } unkeyable)
            {
                return unkeyable;
            }

            if (!seen.Add(school!))
            {
                return FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, field, $"学校“{school}”填了两次。", $"{field} is named twice.");
            }

            if (await directory.Schools.GetAsync(school!, cancellationToken).ConfigureAwait(false) is null)
            {
                return FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, field, $"名录中没有学校“{school}”。", $"{field}: '{school}' is not a school of the directory.");
            }
        }

        return null;
    }

    /// <summary>
    /// POST <c>staff-reallocation/{reallocationId}/appeals[?token=…]</c>: an appeal against the round just decided, brought
    /// by the person themselves (signed in, or with the link of their result mail) or by an administrator (master key,
    /// naming <c>staffId</c>): 202; 401 without either; 403 for someone else; 404 unknown person; 409 outside an appeal
    /// window (its own detail once the window has closed and the bureau decides: 申诉期已结束); 422 naming the field. The
    /// person is answered in zh-CN. The appeal is raised naming the round of the open window.
    /// </summary>
    [Function("StaffReallocationAppeal")]
    public async Task<IResult> AppealAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "staff-reallocation/{reallocationId}/appeals")] HttpRequest request,
        string reallocationId, string? token, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return await _appeal.PostAsync<ReallocationAppeal>(
            request, keys, reallocationId, token, (staffId, reason) => new(staffId, reason), (self, body) => AppealOfAsync(reallocationId, self, body, client, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// GET <c>staff-reallocation/{reallocationId}/appeals[?token=…]</c>: the zh-CN page where the person writes their
    /// appeal, opened from their result mail's link or signed in (401 page otherwise); outside a window, why not.
    /// </summary>
    [Function("StaffReallocationAppealForm")]
    public async Task<IResult> AppealFormAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff-reallocation/{reallocationId}/appeals")] HttpRequest request,
        string reallocationId, string? token, CancellationToken cancellationToken) =>
        await _appeal.FormAsync(
            request, store, reallocationId, token, r => AppealPage.OpenRound(r?.Stage) is not null, cancellationToken, r => AppealPage.ReviewedRound(r?.Stage) is { } closed ? AppealPage.WindowClosed(closed) : null).ConfigureAwait(false);

    private const string SignInFirst = "请通过结果通知邮件中的申诉链接提出申诉，或先在 /api/me 登录。链接无效或已过期的，请登录后提出。";

    private readonly OwnReason _appeal = new(AppealPage.Page, appealLinks.HolderOf, SignInFirst, "无法读取提交的表单，请从结果通知邮件中的链接重新打开申诉页面后再提交。");

    private async Task<IResult> AppealOfAsync(string reallocationId, string? self, ReallocationAppeal body, DurableTaskClient client, CancellationToken cancellationToken)
    {
        string? staffId = string.IsNullOrWhiteSpace(body.StaffId) ? self : body.StaffId;
        if (staffId is null)
        {
            return FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "staffId", "请填写申诉人的工号。", "staffId is required.");
        }

        if ((ReallocationProblem.Unkeyable(self, "reallocationId", reallocationId) ?? ReallocationProblem.Unkeyable(self, "staffId", staffId)) is { } unkeyable)
        {
            return unkeyable;
        }

        if (self is not null && !string.Equals(staffId, self, StringComparison.Ordinal))
        {
            return ReallocationProblem.InChinese(StatusCodes.Status403Forbidden, "staffId", "只能对本人的聘任结果提出申诉。");
        }

        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > 1000)
        {
            return ReallocationProblem.For(self, StatusCodes.Status422UnprocessableEntity, "reason", "请填写申诉理由，不超过1000字。", "reason is required, at most 1000 characters.");
        }

        if (await store.People.GetAsync(PersonRecord.IdOf(reallocationId, staffId), cancellationToken).ConfigureAwait(false) is null)
        {
            return self is null
                ? FieldProblem.ForStaff(StatusCodes.Status404NotFound, "staffId", $"{staffId} 未参加本次县管校聘（{reallocationId}）。", $"{staffId} takes no part in {reallocationId}.")
                : ReallocationProblem.InChinese(StatusCodes.Status404NotFound, "staffId", $"您未参加本次县管校聘（{reallocationId}）。");
        }

        var reallocation = (await store.Reallocations.GetAsync(reallocationId, cancellationToken).ConfigureAwait(false))?.Record;
        if (AppealPage.ReviewedRound(reallocation?.Stage) is { } closed)
        {
            // The window has closed and the bureau decides its appeals: a late one would otherwise wait for the next round's window.
            return WindowClosed(self, closed);
        }

        if (AppealPage.OpenRound(reallocation?.Stage) is not { } round)
        {
            return ReallocationProblem.For(self, StatusCodes.Status409Conflict, "reallocationId", AppealPage.Page.Closed, "Appeals are taken only in a round's appeal window.");
        }

        var appeal = new ReallocationAppeal(staffId, body.Reason, self ?? ByMasterKey, round);
        if (reallocation!.AppealsKept)
        {
            // Kept before it is raised (StaffReallocation.AppealReviewVersion): the window takes it in by its event, or
            // as it closes, so whatever is answered 202 here is decided, even if its event comes after the close.
            var lodged = new AppealRecord
            {
                ReallocationId = reallocationId,
                Round = round,
                Number = 0,
                StaffId = staffId,
                Reason = body.Reason,
                LodgedBy = appeal.LodgedBy,
                LodgedAt = time.GetUtcNow(),
                Intake = AppealIntake.Lodged,
            };
            switch (await store.LodgeAsync(lodged, r => AppealPage.OpenRound(r?.Stage) == round, cancellationToken).ConfigureAwait(false))
            {
                case AppealLodging.WindowFull:
                    return ReallocationProblem.For(
                        self,
                        StatusCodes.Status409Conflict,
                        "reallocationId",
                        $"{ReallocationNames.RoundTitle(round).Zh}的申诉已达{StaffReallocation.MaxAppealsPerRound}件上限，不再受理新的申诉。",
                        $"The appeal window of {ReallocationNames.RoundName(round).En} holds its {StaffReallocation.MaxAppealsPerRound} appeals and takes no more.");
                case AppealLodging.WindowClosed:
                    return WindowClosed(self, round);
                case AppealLodging.Raise:
                    await client.RaiseEventAsync(reallocationId, StaffReallocation.AppealEvent, appeal, cancellationToken).ConfigureAwait(false);
                    break;
                case AppealLodging.AlreadyIn:
                    // A retried post of one the window already holds: answered as before, not raised again.
                    break;
            }
        }
        else
        {
            await client.RaiseEventAsync(reallocationId, StaffReallocation.AppealEvent, appeal, cancellationToken).ConfigureAwait(false);
        }

        return TypedResults.Accepted((string?)null, new { reallocationId, round = round.ToString(), appeal.StaffId, appeal.LodgedBy });
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult WindowClosed(string? self, Round closed) =>
        ReallocationProblem.For(
            self, StatusCodes.Status409Conflict, "reallocationId", AppealPage.WindowClosed(closed), $"The appeal window of {ReallocationNames.RoundName(closed).En} has closed; the bureau is deciding its appeals.");

    /// <summary>GET <c>staff-reallocation/{reallocationId}/people/{staffId}</c>: a person's record: points, result, rule, and every traced decision.</summary>
    [Function("StaffReallocationPerson")]
    public async Task<IResult> PersonAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "staff-reallocation/{reallocationId}/people/{staffId}")] HttpRequest request,
        string reallocationId, string staffId, CancellationToken cancellationToken) =>
        (TableKey.Refusal("reallocationId", reallocationId) ?? TableKey.Refusal("staffId", staffId)) is { } unkeyable ? unkeyable
        : await store.People.GetAsync(PersonRecord.IdOf(reallocationId, staffId), cancellationToken).ConfigureAwait(false) is { } read
            ? TypedResults.Ok(read.Record)
            : FieldProblem.ForStaff(StatusCodes.Status404NotFound, "staffId", $"{staffId} 未参加本次县管校聘（{reallocationId}）。", $"{staffId} takes no part in {reallocationId}.");

    /// <summary>GET <c>staff-reallocation/{reallocationId}/report[?format=xlsx]</c>: county, per school and per round.</summary>
    [Function("StaffReallocationReport")]
    public async Task<IResult> ReportAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "staff-reallocation/{reallocationId}/report")] HttpRequest request,
        string reallocationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (state, people) = await store.StateAsync(reallocationId, cancellationToken).ConfigureAwait(false);
        if (people.Count == 0)
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "reallocationId", $"没有县管校聘“{reallocationId}”。", $"{reallocationId} does not exist.");
        }

        var report = ReallocationReport.Of(state);
        bool xlsx = string.Equals(request.Query["format"], "xlsx", StringComparison.OrdinalIgnoreCase);
        if (!xlsx && !StaffPages.WantsPage(request))
        {
            return TypedResults.Ok(report);
        }

        // Schools by their names, as the directory gives them; their ids stay as the reference.
        var schools = (await directory.Schools.AllAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        if (!xlsx)
        {
            // The office home links here: a page for a browser, the report's JSON otherwise.
            string page = await html.RenderAsync<ReallocationReportPage>(
                new Dictionary<string, object?> { [nameof(ReallocationReportPage.View)] = ReallocationReportView.Of(reallocationId, report, schools) }).ConfigureAwait(false);
            return Results.Content(page, "text/html; charset=utf-8");
        }

        using var file = new MemoryStream();
        ReallocationReportFile.Write(file, report, id => schools.TryGetValue(id, out var school) ? school.Name : null);
        return TypedResults.File(file.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{reallocationId}-report.xlsx");
    }

    /// <summary>GET <c>office/staff-reallocation/{reallocationId}/report</c>: <see cref="ReportAsync"/> for the office's pages, which an office sign-in opens as well as the key (<see cref="OfficeGuard"/>).</summary>
    [Function("OfficeStaffReallocationReport")]
    public Task<IResult> OfficeReportAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/staff-reallocation/{reallocationId}/report")] HttpRequest request,
        string reallocationId, CancellationToken cancellationToken) =>
        ReportAsync(request, reallocationId, cancellationToken);

    /// <summary>POST <c>staff-reallocation/what-if</c>: runs every round on a draft; never touches a live reallocation.</summary>
    [Function("StaffReallocationWhatIf")]
    public static async Task<IResult> WhatIfAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "staff-reallocation/what-if")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await request.ReadJsonObjectAsync<WhatIfDraft>(cancellationToken).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        if (body.Value.Problems() is { Count: > 0 } errors)
        {
            return FieldProblem.InvalidForStaff(errors, "模拟方案有误，未运行。", "The draft cannot be simulated");
        }

        var posts = body.Value.Posts!;
        var participants = body.Value.Participants!;
        var result = ReallocationSimulator.Run(new ReallocationDraft(
            posts,
            participants,
            DirectAppointmentCriteria.Default,
            (body.Value.PrincipalConfirmations ?? []).ToHashSet(StringComparer.Ordinal),
            body.Value.SchoolRankings ?? new Dictionary<string, IReadOnlyList<string>>(),
            body.Value.RankedLists ?? new Dictionary<string, IReadOnlyList<string>>()));
        return TypedResults.Ok(new
        {
            moves = result.Moves.Count,
            result.UnplacedCount,
            result.Rural,
            crossSection = result.CrossSectionMoves.Count,
            result.Report,
            placements = result.Final.Placements,
            unplaced = result.Final.Unplaced,
        });
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{2,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
