using EduFlows.Storage;
using Microsoft.DurableTask.Client;
using System.Globalization;
using System.Net;
using Microsoft.DurableTask;
using EduFlows.Hosting;
using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.StaffPortal;
using EduFlows.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;
using QRCoder;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>
/// <c>/api/department-assessment</c>: schemes (read with a function key, new versions with the master key), starting
/// a year (master key), results per month, half and year (function key; who-scored-what only with the master key),
/// a judge's view of the panel after scoring and a head's presentation upload (through their task link), and the
/// scoring session's QR-code page. One function per route; the links (panel, duty reports, presentation upload) carry a
/// signed token and are kept private.
/// </summary>
public sealed class DepartmentAssessmentApi(
    AssessmentStore store,
    PresentationStore presentations,
    PresentationFiles presentationFiles,
    TaskTokenSigner signer,
    TaskDesk desk,
    FunctionKeys keys,
    SessionLinkMailer mailer,
    MailSettings mail,
    BureauClock clock,
    HtmlRendering html,
    TimeProvider time)
{
    private const string Routes = "department-assessment";

    /// <summary>GET a year's scheme in force (the default one until a version is stored).</summary>
    [Function("DepartmentAssessmentGetScheme")]
    public async Task<Ok<AssessmentScheme>> GetSchemeAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes + "/schemes/{year:int}")] HttpRequest request, int year, CancellationToken ct) =>
        TypedResults.Ok(await store.CurrentSchemeAsync(year, ct).ConfigureAwait(false) ?? AssessmentScheme.DefaultFor(year));

    /// <summary>PUT a new version of a year's scheme (master key), refused once the year has started.</summary>
    [Function("DepartmentAssessmentPutScheme")]
    public async Task<IResult> PutSchemeAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "put", Route = Routes + "/schemes/{year:int}")] HttpRequest request, int year, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        var (candidate, refused) = await ReadSchemeAsync(request, year, client, ct).ConfigureAwait(false);
        if (candidate is null)
        {
            return refused!;
        }

        var stored = await store.SaveSchemeAsync(candidate, ct).ConfigureAwait(false);
        return TypedResults.Created($"schemes/{year}", stored);
    }

    /// <summary>
    /// The body as the year's next scheme, checked as a whole (version 0: the store numbers it); or the refusal (413,
    /// 422 naming the field, 409 once the year has started). Stores nothing: the PUT route and the office's form each
    /// save it their way.
    /// </summary>
    internal async Task<(AssessmentScheme? Candidate, IResult? Refused)> ReadSchemeAsync(HttpRequest request, int year, DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await request.ReadJsonObjectAsync<AssessmentScheme>(ct).ConfigureAwait(false);
        if (body.Failed)
        {
            return (null, body.Problem);
        }

        var scheme = body.Value;
        if (RecordSize.Check(scheme) is { } tooLarge)
        {
            return (null, FieldProblem.ForStaff(
                StatusCodes.Status413PayloadTooLarge,
                tooLarge.Field,
                "考核方案内容过长，超出可保存的上限，未保存：请删减其中过长的一项后重新提交。",
                $"{tooLarge.Field} {tooLarge.Reason} Nothing was stored."));
        }

        if (scheme.Year != 0 && scheme.Year != year)
        {
            return (null, FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "year", $"提交的是 {scheme.Year} 年的考核方案，不是 {year} 年的；未保存。", $"The body is the scheme of {scheme.Year}, not of {year}."));
        }

        var candidate = scheme with { Year = year, Version = 0 };
        if (candidate.Validate() is { Count: > 0 } errors)
        {
            return (null, FieldProblem.InvalidForStaff(errors, "考核方案有误，未保存。", "The scheme is not valid; nothing was stored."));
        }

        // A year reads its scheme once, when it starts: a version stored later would be accepted and never used.
        if (await YearStartedAsync(year, client, ct).ConfigureAwait(false) is { } started)
        {
            return (null, FieldProblem.ForStaff(
                StatusCodes.Status409Conflict,
                "year",
                $"{year} 年的科室考核{started.Zh}，沿用开始时的考核方案，本次修改未保存；请将修改保存为 {year + 1} 年的方案。",
                $"The {year} assessment {started.En}; it keeps the scheme it started with. Store the change for {year + 1}."));
        }

        return (candidate, null);
    }

    /// <summary>How a year has started ("is running as …", "is published", and in Chinese), or null when it has not.</summary>
    private async Task<(string Zh, string En)?> YearStartedAsync(int year, DurableTaskClient client, CancellationToken ct)
    {
        var running = await DepartmentAssessmentYear.ActiveInstancesAsync(client, ct).ConfigureAwait(false);
        foreach (var instance in running)
        {
            // The annual instance keeps its first year's id and continues as new: its current input says which year runs.
            var meta = await client.GetInstanceAsync(instance.InstanceId, getInputsAndOutputs: true, ct).ConfigureAwait(false);
            if (meta?.ReadInputAs<DepartmentAssessmentYear.Input>() is { } input && input.Year == year)
            {
                return ($"正在运行（实例 {instance.InstanceId}）", $"is running as '{instance.InstanceId}'");
            }
        }

        return (await AssessmentStore.OfYearAsync(store.YearResults, year, ct).ConfigureAwait(false)).Count > 0 ? ("结果已发布", "is published") : null;
    }

    /// <summary>POST to start a year's annual instance (master key): the current year from now on, or the next year.</summary>
    [Function("DepartmentAssessmentStart")]
    public async Task<Results<Accepted<StartedYear>, ProblemHttpResult>> StartAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = Routes + "/{year:int}/start")] HttpRequest request, int year, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var now = time.GetUtcNow().UtcDateTime;

        // The bureau's year, not UTC's: at 00:30 on 1 January in Beijing it is still 31 December in UTC.
        int thisYear = clock.DateOf(time.GetUtcNow()).Year;
        if (year < thisYear || year > thisYear + 1)
        {
            return FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "year", $"只能启动今年（{thisYear} 年）或明年的科室考核。", $"Only the current or the next year can be started (it is {thisYear}).");
        }

        var running = await DepartmentAssessmentYear.ActiveInstancesAsync(client, ct).ConfigureAwait(false);
        if (running.Count > 0 && running[0] is { } existing)
        {
            return FieldProblem.ForStaff(StatusCodes.Status409Conflict, "year", $"科室考核已在运行（实例 {existing.InstanceId}），每年结束后会自动进入下一年，无需再次启动。", $"The assessment already runs as '{existing.InstanceId}'; it continues into each next year by itself.");
        }

        string id = DepartmentAssessmentYear.InstanceId(year);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(DepartmentAssessmentYear.Name, new DepartmentAssessmentYear.Input(year, year == thisYear ? now.AddMinutes(-1) : null, clock.Zone.Id), new StartOrchestrationOptions(id), ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (EduFlows.Durable.InstanceStarts.AlreadyExists(ex))
        {
            return FieldProblem.ForStaff(StatusCodes.Status409Conflict, "year", $"{year} 年的科室考核实例 {id} 已存在；如需重新开始该年度，请先在管理页面清除该实例。", $"Instance '{id}' exists; purge it through the management API to start the year again.");
        }

        return TypedResults.Accepted($"/runtime/webhooks/durabletask/instances/{id}", new StartedYear(id));
    }

    /// <summary>GET a year's published results and entries; reassignment decisions only with the master key.</summary>
    [Function("DepartmentAssessmentYearResults")]
    public async Task<Ok<YearView>> YearAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes + "/{year:int}")] HttpRequest request, int year, CancellationToken ct)
    {
        var results = await AssessmentStore.OfYearAsync(store.YearResults, year, ct).ConfigureAwait(false);

        // Decisions on a head's post and their reasons are personnel matters: only for the master key.
        bool admin = keys.Grants(AuthorizationLevel.Admin, FunctionKeys.Presented(request));
        var reassignments = admin ? await AssessmentStore.OfYearAsync(store.Reassignments, year, ct).ConfigureAwait(false) : [];
        var entries = await AssessmentStore.OfYearAsync(store.YearEndEntries, year, ct).ConfigureAwait(false);
        return TypedResults.Ok(new YearView(
            year,
            [.. results.OrderBy(r => r.Score.Rank).ThenBy(r => r.DepartmentId, StringComparer.Ordinal)],
            [.. entries.OrderBy(e => e.DepartmentId, StringComparer.Ordinal)],
            [.. reassignments.OrderBy(r => r.DepartmentId, StringComparer.Ordinal)]));
    }

    /// <summary>
    /// GET <c>{year}/mine</c>: the year result of the department the signed-in staff member headed that year (as the
    /// result names its head); a page, or JSON when asked for.
    /// </summary>
    [Function("DepartmentAssessmentMyResult")]
    public async Task<IResult> MyResultAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/{year:int}/mine")] HttpRequest request, int year, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await StaffSession.StaffIdAsync(request.HttpContext).ConfigureAwait(false) is not { } me)
        {
            return StaffPages.Refusal(request, StatusCodes.Status401Unauthorized, "session", "请先登录：在 /api/me 输入您的工作邮箱。", "Sign in first at /api/me.");
        }

        var results = await AssessmentStore.OfYearAsync(store.YearResults, year, ct).ConfigureAwait(false);
        if (results.FirstOrDefault(r => r.HeadId == me) is not { } mine)
        {
            return StaffPages.Refusal(request, StatusCodes.Status404NotFound, "year", $"{year}年度没有您任科室长的科室的考核结果。", $"No department you headed has a result for {year}.");
        }

        if (!StaffPages.WantsPage(request))
        {
            return TypedResults.Ok(new { year, of = results.Count, result = mine });
        }

        var score = mine.Score;
        return await StaffPages.PageAsync(html, new ResultsView(
            $"{year}年度科室千分考核结果",
            mine.DepartmentName,
            [
                ("总分", Points(score.Total)),
                ("名次", $"第 {score.Rank} 名（共 {results.Count} 个科室）"),
            ],
            ["项目", "分值"],
            [
                ["基础分（扣分后）", Points(score.Baseline)],
                ["扣分", Points(score.Deductions)],
                ["创新加分", Points(score.Innovation)],
                ["满意度", Points(score.Satisfaction)],
                ["上半年述职评议", mine.DutyScoreH1 is { } h1 ? Points(h1) : "—"],
                ["下半年述职评议", mine.DutyScoreH2 is { } h2 ? Points(h2) : "—"],
                ["校长评分", mine.PrincipalScore is { } p ? Points(p) : "—"],
                ["迟报 / 缺报月报", $"{mine.LateReports} / {mine.MissingReports}"],
            ])
        {
            Links = [("返回我的页面", "../../me")],
        }).ConfigureAwait(false);
    }

    // The QR page fits a phone as well as the projector: the code scales down, the long link wraps.
    private const string QrPageStyle = "<style>*{box-sizing:border-box}body{margin:0;padding:12px;font-family:sans-serif;text-align:center;overflow-wrap:anywhere}.qr{width:320px;max-width:100%;margin:auto}.qr svg{width:100%;height:auto}</style>";

    private static IResult TooLarge(HttpRequest request, long bytes) =>
        StaffPages.Refusal(request, StatusCodes.Status413PayloadTooLarge, "file", $"“展示PPT”文件过大：最大 {PresentationStore.MaxBytes / (1024 * 1024)} MB，所选文件约 {Math.Ceiling(bytes / (1024m * 1024m))} MB。", $"The presentation may be at most {PresentationStore.MaxBytes} bytes.");

    private static string Points(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>GET a month's reports, by department.</summary>
    [Function("DepartmentAssessmentMonthReports")]
    public async Task<Results<Ok<IReadOnlyList<MonthlyReport>>, ProblemHttpResult>> MonthAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes + "/{year:int}/months/{month:int}")] HttpRequest request, int year, int month, CancellationToken ct)
    {
        if (month is < 1 or > 12)
        {
            return FieldProblem.ForStaff(StatusCodes.Status400BadRequest, "month", $"月份须为 1 至 12（现为 {month}）。", "month must be 1 to 12.");
        }

        var reports = await AssessmentStore.OfYearAsync(store.MonthlyReports, year, ct).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<MonthlyReport>>([.. reports.Where(r => r.Month == month).OrderBy(r => r.DepartmentId, StringComparer.Ordinal)]);
    }

    /// <summary>GET a half's duty reviews; who scored what only with the master key.</summary>
    [Function("DepartmentAssessmentHalfReviews")]
    public async Task<Results<Ok<IReadOnlyList<DutyReview>>, ProblemHttpResult>> HalfAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes + "/{year:int}/halves/{half:int}")] HttpRequest request, int year, int half, CancellationToken ct)
    {
        if (half is < 1 or > 2)
        {
            return FieldProblem.ForStaff(StatusCodes.Status400BadRequest, "half", $"半年只能是 1（上半年）或 2（下半年），现为 {half}。", "half must be 1 or 2.");
        }

        var reviews = (await AssessmentStore.OfYearAsync(store.DutyReviews, year, ct).ConfigureAwait(false)).Where(r => r.Half == half).OrderBy(r => r.DepartmentId, StringComparer.Ordinal);

        // Who gave which score is for the bureau's administrators; everyone else sees the combined result.
        bool admin = keys.Grants(AuthorizationLevel.Admin, FunctionKeys.Presented(request));
        return TypedResults.Ok<IReadOnlyList<DutyReview>>([.. reviews.Select(r => admin ? r : r with { Scores = [], Flags = [], DroppedJudges = [] })]);
    }

    /// <summary>GET the duty-review panel through a judge's task link, once the judge has submitted: a page, or JSON when asked for.</summary>
    [Function("DepartmentAssessmentPanel")]
    public async Task<IResult> PanelAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/panel/{taskId}")] HttpRequest request, string taskId, string? token, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        TokenPages.KeepTokenPrivate(request.HttpContext.Response);
        if (TokenRefusal(request, signer.Check(token, taskId, out var claims)) is { } refused)
        {
            return refused;
        }

        var task = await desk.GetCurrentAsync(client, taskId, ct).ConfigureAwait(false);
        if (task is null || task.Kind != AssessmentKinds.DutyJudging.Name || task.AssigneeId != claims!.AssigneeId)
        {
            return StaffPages.Refusal(request, StatusCodes.Status404NotFound, "taskId", "没有这项评分任务。", "There is no such judging task.");
        }

        if (task.Status != StaffTaskStatus.Submitted)
        {
            return StaffPages.Refusal(request, StatusCodes.Status403Forbidden, "taskId", "请先提交您本人的评分，之后才能查看其他评委的评分。", "Submit your own scores first; the other judges' scores are shown after that.");
        }

        var panel = (await store.DutyPanels.QueryAsync(null, ct).ConfigureAwait(false)).FirstOrDefault(p => p.JudgeTasks.Values.Contains(taskId, StringComparer.Ordinal));
        if (panel is null)
        {
            return StaffPages.Refusal(request, StatusCodes.Status404NotFound, "taskId", "该任务不属于任何述职评议。", "The task belongs to no duty review.");
        }

        var judges = new List<PanelJudge>();
        foreach (var (judgeId, judgeTask) in panel.JudgeTasks.OrderBy(j => j.Key, StringComparer.Ordinal))
        {
            var other = (await desk.GetCurrentAsync(client, judgeTask, ct).ConfigureAwait(false))!;
            judges.Add(new PanelJudge(judgeId, other.AssigneeName, other.Status == StaffTaskStatus.Submitted ? other.Values : null));
        }

        if (!StaffPages.WantsPage(request))
        {
            return TypedResults.Ok(new PanelView(panel.Year, panel.Half, panel.DepartmentIds, judges));
        }

        var names = panel.DepartmentNames ?? new Dictionary<string, string>();
        return await StaffPages.PageAsync(html, new ResultsView(
            "述职评议 · 各评委打分",
            $"{panel.Year}年{(panel.Half == 1 ? "上" : "下")}半年",
            [],
            ["评委", .. panel.DepartmentIds.Select(d => names.GetValueOrDefault(d, d))],
            [.. judges.Select(j => (IReadOnlyList<string>)[
                j.JudgeId == claims.AssigneeId ? j.Name + "（本人）" : j.Name,
                .. panel.DepartmentIds.Select(d => j.Scores is null ? "未提交" : j.Scores.GetValueOrDefault(d) ?? "—")])])).ConfigureAwait(false);
    }

    /// <summary>The heads' whole duty reports for a judge, through a link signed like their judging task's (see <see cref="AssessmentDesk.DutyReadingLinks"/>).</summary>
    [Function("DepartmentAssessmentDutyReports")]
    public async Task<IResult> DutyReportsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/duty-reports/{taskId}")] HttpRequest request, string taskId, string? token, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        TokenPages.KeepTokenPrivate(request.HttpContext.Response);
        if (TokenRefusal(request, signer.Check(token, taskId, out var claims)) is { } refused)
        {
            return refused;
        }

        var panel = (await store.DutyPanels.QueryAsync(null, ct).ConfigureAwait(false)).FirstOrDefault(p => p.JudgeTasks.TryGetValue(claims!.AssigneeId, out var mine) && mine == taskId);
        if (panel is null)
        {
            return StaffPages.Refusal(request, StatusCodes.Status404NotFound, "taskId", "没有这项评分任务，请重新打开邮件中的链接。", "There is no such judging task.");
        }

        var names = panel.DepartmentNames ?? new Dictionary<string, string>();
        var reports = new List<(string Department, string Text)>();
        foreach (string departmentId in panel.DepartmentIds)
        {
            var report = await desk.GetCurrentAsync(client, $"dept-duty-report-{panel.Year:D4}-H{panel.Half}-{departmentId}", ct).ConfigureAwait(false);
            reports.Add((names.GetValueOrDefault(departmentId, departmentId), report?.Values?.GetValueOrDefault("report") ?? string.Empty));
        }

        string page = await html.RenderAsync<DutyReportsPage>(new Dictionary<string, object?>
        {
            [nameof(DutyReportsPage.Title)] = $"{panel.Year}年{(panel.Half == 1 ? "上" : "下")}半年述职报告全文",
            [nameof(DutyReportsPage.Reports)] = reports,
        }).ConfigureAwait(false);
        return Results.Content(page, "text/html; charset=utf-8");
    }

    /// <summary>
    /// POST a head's presentation alone (multipart field <c>file</c>) through their task link, while the task is open,
    /// for a script; the task's own form posts it with the answer. A page for a browser, JSON otherwise.
    /// </summary>
    [Function("DepartmentAssessmentUploadPresentation")]
    public async Task<IResult> UploadAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes + "/presentations/{taskId}")] HttpRequest request, string taskId, string? token, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        TokenPages.KeepTokenPrivate(request.HttpContext.Response);
        if (TokenRefusal(request, signer.Check(token, taskId, out var claims)) is { } refused)
        {
            return refused;
        }

        var task = await desk.GetCurrentAsync(client, taskId, ct).ConfigureAwait(false);
        var entry = await presentationFiles.EntryOfAsync(taskId, ct).ConfigureAwait(false);
        if (task is null || task.Kind != AssessmentKinds.YearEndEntry.Name || task.AssigneeId != claims!.AssigneeId || entry is null)
        {
            return StaffPages.Refusal(request, StatusCodes.Status404NotFound, "taskId", "没有这项年终考核任务。", "There is no such year-end task.");
        }

        if (task.Status is StaffTaskStatus.Expired or StaffTaskStatus.Cancelled || time.GetUtcNow() >= task.DueAt)
        {
            return StaffPages.Refusal(request, StatusCodes.Status410Gone, "taskId", "任务已关闭，不能再上传展示材料。", "The task is closed; the presentation can no longer be uploaded.");
        }

        IFormCollection? upload = null;
        if (request.HasFormContentType)
        {
            (upload, var unreadable) = await request.ReadFormOrProblemAsync(ct).ConfigureAwait(false);
            if (unreadable is { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                // Over the host's request limit: the same refusal, naming the field, as a file over ours.
                return TooLarge(request, request.ContentLength ?? PresentationStore.MaxBytes + 1);
            }

            if (unreadable is not null)
            {
                return unreadable;
            }
        }

        if (upload?.Files.GetFile("file") is not { Length: > 0 } file)
        {
            return StaffPages.Refusal(request, StatusCodes.Status400BadRequest, "file", "“展示PPT”未选择文件：请在任务页的“展示PPT”处选择文件后上传。", "Send the presentation as multipart/form-data in a field named 'file'.");
        }

        if (file.Length > PresentationStore.MaxBytes)
        {
            return TooLarge(request, file.Length);
        }

        if (!PresentationStore.Accept.Split(',').Contains(Path.GetExtension(file.FileName), StringComparer.OrdinalIgnoreCase))
        {
            return StaffPages.Refusal(request, StatusCodes.Status415UnsupportedMediaType, "file", "“展示PPT”只接受 PPT、PPTX 或 PDF 文件。", $"The presentation must be one of {PresentationStore.Accept}.");
        }

        var updated = await presentationFiles.SaveAsync(entry, file, ct).ConfigureAwait(false);
        return StaffPages.WantsPage(request)
            ? await StaffPages.PageAsync(html, new ResultsView("展示PPT已上传", task.Subject, [("文件", updated.PresentationFileName ?? string.Empty)], [], [])
            {
                Notes = ["截止前可再次上传，以最后一次为准。"],
                Links = [("返回任务", $"../../tasks/{Uri.EscapeDataString(taskId)}?token={Uri.EscapeDataString(token ?? string.Empty)}")],
            }).ConfigureAwait(false)
            : TypedResults.Ok(updated);
    }

    /// <summary>GET a department's presentation of a year.</summary>
    [Function("DepartmentAssessmentDownloadPresentation")]
    public async Task<IResult> DownloadAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes + "/{year:int}/presentations/{departmentId}")] HttpRequest request, int year, string departmentId, CancellationToken ct)
    {
        // The id is part of a table key: one the storage would refuse is named here, not answered with a 500.
        if (TableKey.Error("departmentId", departmentId) is { } unkeyable)
        {
            return FieldProblem.InvalidForStaff([unkeyable], "科室编号有误。", "Bad department id.");
        }

        var entry = (await store.YearEndEntries.GetAsync($"{year:D4}-{departmentId}", ct).ConfigureAwait(false))?.Record;
        if (entry?.PresentationBlob is not { } blob || await presentations.OpenAsync(blob, ct).ConfigureAwait(false) is not { } found)
        {
            return FieldProblem.ForStaff(
                StatusCodes.Status404NotFound,
                "departmentId",
                $"{year}年度科室“{departmentId}”没有已上传的年终展示PPT。",
                $"No presentation of {departmentId} for {year}.");
        }

        return TypedResults.Stream(found.Content, found.ContentType, entry.PresentationFileName);
    }

    /// <summary>The page shown on screen during the session: its times and a QR code to the staff portal, where each principal finds their own scoring task.</summary>
    [Function("DepartmentAssessmentSessionPage")]
    public async Task<IResult> SessionPageAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/{year:int}/session")] HttpRequest request, int year, CancellationToken ct)
    {
        var session = (await store.Sessions.GetAsync(year.ToString("D4", CultureInfo.InvariantCulture), ct).ConfigureAwait(false))?.Record;
        if (session is null)
        {
            return StaffPages.Refusal(request, StatusCodes.Status404NotFound, "year", $"{year}年度现场评分尚未开始；现场打分安排好后，此页显示打分时间和二维码。", $"The {year} scoring session has not opened.");
        }

        string target = mail.Link($"api/department-assessment/{year}/session/link").ToString();
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(target, QRCodeGenerator.ECCLevel.Q);
        string svg = new SvgQRCode(data).GetGraphic(8);
        string page = $"""
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{year}年度科室千分考核 · 现场打分</title>{QrPageStyle}</head>
            <body>
            <h1>{year}年度科室千分考核 · 校长现场打分</h1>
            <p>打分时间：{WebUtility.HtmlEncode(clock.Format(session.OpensAt))} — {WebUtility.HtmlEncode(clock.Format(session.ClosesAt))}（{WebUtility.HtmlEncode(clock.ZoneNameZh)}，截止后不再接受打分）</p>
            <div class="qr">{svg}</div>
            <p>请用手机扫码，输入本人邮箱，即可收到本人的打分链接；也可直接打开邮件中的链接。每位校长只能提交一次，未看到的科室可留空。</p>
            <p><a href="{WebUtility.HtmlEncode(target)}">{WebUtility.HtmlEncode(target)}</a></p>
            </body></html>
            """;
        return Results.Content(page, "text/html; charset=utf-8");
    }

    /// <summary>The page the QR code opens: a principal types their e-mail address to get their scoring link again.</summary>
    [Function("DepartmentAssessmentSessionLinkPage")]
    public static IResult LinkPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/{year:int}/session/link")] HttpRequest request, int year) =>
        Results.Content(LinkHtml(year, null), "text/html; charset=utf-8");

    /// <summary>
    /// Re-mails a principal's scoring link (form field or JSON member <c>email</c>). Always 202 for a well-formed
    /// address, known or not, throttled or not, so the answer reveals nothing; 422 naming <c>email</c> otherwise.
    /// </summary>
    [Function("DepartmentAssessmentRequestSessionLink")]
    public async Task<IResult> RequestLinkAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes + "/{year:int}/session/link")] HttpRequest request, int year, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? email = null;
        if (request.HasFormContentType)
        {
            var (form, unreadable) = await request.ReadFormOrProblemAsync(ct).ConfigureAwait(false);
            if (unreadable is not null)
            {
                return unreadable;
            }

            email = form!["email"].ToString();
        }
        else
        {
            try
            {
                email = (await request.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct).ConfigureAwait(false)) is { ValueKind: System.Text.Json.JsonValueKind.Object } body
                    && body.TryGetProperty("email", out var e) && e.ValueKind == System.Text.Json.JsonValueKind.String ? e.GetString() : null;
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
            {
                email = null;
            }
        }

        email = email?.Trim();
        if (string.IsNullOrEmpty(email) || email.Length > 254 || !DirectoryValidation.IsEmailAddress(email))
        {
            return FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "email", "请填写有效的邮箱地址。", "email must be an e-mail address.");
        }

        mailer.Request(year, email, client);
        const string Answer = "如该邮箱属于参会校长，本人的打分链接已重新发送，请查收邮件。";
        return request.HasFormContentType
            ? Results.Content(LinkHtml(year, Answer), "text/html; charset=utf-8", statusCode: StatusCodes.Status202Accepted)
            : Results.Json(new { message = Answer }, statusCode: StatusCodes.Status202Accepted);
    }

    private static string LinkHtml(int year, string? notice)
    {
        string status = notice is null ? string.Empty : "<p role=\"status\">" + WebUtility.HtmlEncode(notice) + "</p>";
        return $"""
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{year}年度科室千分考核 · 获取打分链接</title></head>
        <body style="font-family:sans-serif;max-width:480px;margin:auto;padding:1em">
        <h1>{year}年度科室千分考核 · 获取打分链接</h1>
        {status}
        <form method="post">
        <label for="email">本人邮箱</label>
        <input id="email" name="email" type="email" required autocomplete="email" style="width:100%">
        <button type="submit">发送我的打分链接</button>
        </form>
        </body></html>
        """;
    }

    private static IResult? TokenRefusal(HttpRequest request, TaskTokenCheck check) => check switch
    {
        TaskTokenCheck.Unauthenticated => StaffPages.Refusal(request, StatusCodes.Status401Unauthorized, "token", "链接不完整或无效，请重新打开邮件中的链接。", "The link is incomplete or not genuine."),
        TaskTokenCheck.OtherTask => StaffPages.Refusal(request, StatusCodes.Status403Forbidden, "token", "该链接属于另一项任务。", "The link belongs to another task."),
        TaskTokenCheck.Expired => StaffPages.Refusal(request, StatusCodes.Status410Gone, "token", "链接已过期。", "The link has expired."),
        _ => null,
    };
}

/// <summary>A started year.</summary>
/// <param name="InstanceId">The annual instance.</param>
public sealed record StartedYear(string InstanceId);

/// <summary>A year's published results, entries and reassignment decisions.</summary>
/// <param name="Year">The year.</param>
/// <param name="Results">Ranked results.</param>
/// <param name="Entries">Year-end entries (claims, confirmations, presentations).</param>
/// <param name="Reassignments">Reassignment decisions.</param>
public sealed record YearView(int Year, IReadOnlyList<YearResult> Results, IReadOnlyList<YearEndEntry> Entries, IReadOnlyList<Reassignment> Reassignments);

/// <summary>The duty-review panel as a judge sees it after submitting.</summary>
/// <param name="Year">The year.</param>
/// <param name="Half">1 or 2.</param>
/// <param name="DepartmentIds">The departments scored.</param>
/// <param name="Judges">Each judge and, once submitted, their scores.</param>
public sealed record PanelView(int Year, int Half, IReadOnlyList<string> DepartmentIds, IReadOnlyList<PanelJudge> Judges);

/// <summary>One judge on the panel.</summary>
/// <param name="JudgeId">The leader.</param>
/// <param name="Name">Their name.</param>
/// <param name="Scores">Department id → score; null while not submitted.</param>
public sealed record PanelJudge(string JudgeId, string Name, IReadOnlyDictionary<string, string>? Scores);
