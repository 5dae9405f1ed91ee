using System.Globalization;
using System.Text.RegularExpressions;
using EduFlows.Hosting;
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
    StaffReallocationStore store, DirectoryStore directory, BureauClock clock, TimeProvider time, FunctionKeys keys, ReallocationAppealLinks appealLinks, StaffReallocationOptions options)
{
    /// <summary>Who an appeal brought with the master key was lodged by.</summary>
    public const string ByMasterKey = "administrator (master key)";

    /// <summary>POST <c>staff-reallocation/{reallocationId}</c>: starts the orchestration (202; 409 when it runs; 422 naming the field).</summary>
    [Function("StaffReallocationStart")]
    public async Task<IResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "staff-reallocation/{reallocationId}")] HttpRequest request,
        string reallocationId, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (!IdPattern().IsMatch(reallocationId))
        {
            return FieldProblem.Of(StatusCodes.Status422UnprocessableEntity, "reallocationId", "must look like staff-reallocation-2027.");
        }

        var body = await request.ReadJsonAsync<ReallocationStartBody>(cancellationToken).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        // An id the storage would refuse as a key is named here rather than becoming a 500.
        if (TableKey.Problem(body.Value.OwnerId) is { } notAKey)
        {
            return FieldProblem.Of(StatusCodes.Status422UnprocessableEntity, "ownerId", notAKey);
        }

        if (body.Value.OwnerId is not { Length: > 0 } owner || await directory.Staff.GetAsync(owner, cancellationToken).ConfigureAwait(false) is null)
        {
            return FieldProblem.Of(StatusCodes.Status422UnprocessableEntity, "ownerId", "must be a staff member of the directory.");
        }

        if (await SchoolsProblemAsync(body.Value.SchoolIds, cancellationToken).ConfigureAwait(false) is { } badSchools)
        {
            return badSchools;
        }

        var start = new ReallocationStart(
            reallocationId, owner, body.Value.AsOf ?? clock.DateOf(time.GetUtcNow()), body.Value.SupportRota ?? [], options, body.Value.SchoolIds);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(StaffReallocation.Name, start, new StartOrchestrationOptions(reallocationId), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (EduFlows.Durable.InstanceStarts.AlreadyExists(ex))
        {
            return FieldProblem.Of(StatusCodes.Status409Conflict, "reallocationId", $"{reallocationId} is already running.");
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
            return FieldProblem.Of(StatusCodes.Status422UnprocessableEntity, "schoolIds", "must name at least one school, or be left out for the whole county.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < schoolIds.Count; i++)
        {
            string? school = schoolIds[i];
            string? problem = TableKey.Problem(school) ?? (!seen.Add(school!) ? "is named twice."
                : await directory.Schools.GetAsync(school!, cancellationToken).ConfigureAwait(false) is null ? $"'{school}' is not a school of the directory." : null);
            if (problem is not null)
            {
                return FieldProblem.Of(StatusCodes.Status422UnprocessableEntity, $"schoolIds[{i}]", problem);
            }
        }

        return null;
    }

    /// <summary>
    /// POST <c>staff-reallocation/{reallocationId}/appeals[?token=…]</c>: an appeal against the round just decided, brought
    /// by the person themselves (signed in, or with the link of their result mail) or by an administrator (master key,
    /// naming <c>staffId</c>): 202; 401 without either; 403 for someone else; 404 unknown person; 409 outside an appeal
    /// window; 422 naming the field. The person is answered in zh-CN.
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
    /// appeal, opened from their result mail's link or signed in (401 page otherwise).
    /// </summary>
    [Function("StaffReallocationAppealForm")]
    public async Task<IResult> AppealFormAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff-reallocation/{reallocationId}/appeals")] HttpRequest request,
        string reallocationId, string? token, CancellationToken cancellationToken) =>
        await _appeal.FormAsync(request, store, reallocationId, token, stage => stage?.StartsWith("appeal:", StringComparison.Ordinal) == true, cancellationToken).ConfigureAwait(false);

    private const string SignInFirst = "请通过结果通知邮件中的申诉链接提出申诉，或先在 /api/me 登录。链接无效或已过期的，请登录后提出。";

    private readonly OwnReason _appeal = new(AppealPage.Page, appealLinks.HolderOf, SignInFirst, "无法读取提交的表单，请从结果通知邮件中的链接重新打开申诉页面后再提交。");

    private async Task<IResult> AppealOfAsync(string reallocationId, string? self, ReallocationAppeal body, DurableTaskClient client, CancellationToken cancellationToken)
    {
        string? staffId = string.IsNullOrWhiteSpace(body.StaffId) ? self : body.StaffId;
        if (staffId is null)
        {
            return FieldProblem.Of(StatusCodes.Status422UnprocessableEntity, "staffId", "is required.");
        }

        if (TableKey.Problem(reallocationId) is { } badReallocation)
        {
            return FieldProblem.Of(StatusCodes.Status422UnprocessableEntity, "reallocationId", badReallocation);
        }

        if (TableKey.Problem(staffId) is { } notAKey)
        {
            return FieldProblem.Of(StatusCodes.Status422UnprocessableEntity, "staffId", notAKey);
        }

        if (self is not null && !string.Equals(staffId, self, StringComparison.Ordinal))
        {
            return FieldProblem.Of(StatusCodes.Status403Forbidden, "staffId", "只能对本人的聘任结果提出申诉。");
        }

        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > 1000)
        {
            return FieldProblem.Of(StatusCodes.Status422UnprocessableEntity, "reason", self is null ? "is required, at most 1000 characters." : "请填写申诉理由，不超过1000字。");
        }

        if (await store.People.GetAsync(PersonRecord.IdOf(reallocationId, staffId), cancellationToken).ConfigureAwait(false) is null)
        {
            return FieldProblem.Of(StatusCodes.Status404NotFound, "staffId", self is null ? $"{staffId} takes no part in {reallocationId}." : $"您未参加本次县管校聘（{reallocationId}）。");
        }

        if (await store.Reallocations.GetAsync(reallocationId, cancellationToken).ConfigureAwait(false) is not { Record.Stage: { } stage } || !stage.StartsWith("appeal:", StringComparison.Ordinal))
        {
            return FieldProblem.Of(StatusCodes.Status409Conflict, "reallocationId", self is null ? "Appeals are taken only in a round's appeal window." : "现在不在申诉期内：每轮结果公布后的申诉期内方可提出申诉。");
        }

        var appeal = new ReallocationAppeal(staffId, body.Reason, self ?? ByMasterKey);
        await client.RaiseEventAsync(reallocationId, StaffReallocation.AppealEvent, appeal, cancellationToken).ConfigureAwait(false);
        return TypedResults.Accepted((string?)null, new { reallocationId, round = stage["appeal:".Length..], appeal.StaffId, appeal.LodgedBy });
    }

    /// <summary>GET <c>staff-reallocation/{reallocationId}/people/{staffId}</c>: a person's record: points, result, rule, and every traced decision.</summary>
    [Function("StaffReallocationPerson")]
    public async Task<IResult> PersonAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "staff-reallocation/{reallocationId}/people/{staffId}")] HttpRequest request,
        string reallocationId, string staffId, CancellationToken cancellationToken) =>
        TableKey.Problem(reallocationId) is { } badReallocation ? FieldProblem.Of(StatusCodes.Status422UnprocessableEntity, "reallocationId", badReallocation)
        : TableKey.Problem(staffId) is { } badStaff ? FieldProblem.Of(StatusCodes.Status422UnprocessableEntity, "staffId", badStaff)
        : await store.People.GetAsync(PersonRecord.IdOf(reallocationId, staffId), cancellationToken).ConfigureAwait(false) is { } read
            ? TypedResults.Ok(read.Record)
            : FieldProblem.Of(StatusCodes.Status404NotFound, "staffId", $"{staffId} takes no part in {reallocationId}.");

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
            return FieldProblem.Of(StatusCodes.Status404NotFound, "reallocationId", $"{reallocationId} does not exist.");
        }

        var report = ReallocationReport.Of(state);
        if (!string.Equals(request.Query["format"], "xlsx", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Ok(report);
        }

        using var file = new MemoryStream();
        ReallocationReportFile.Write(file, report);
        return TypedResults.File(file.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{reallocationId}-report.xlsx");
    }

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
            return FieldProblem.Invalid(errors, "The draft cannot be simulated");
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
