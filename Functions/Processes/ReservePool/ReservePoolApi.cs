using System.Globalization;
using EduFlows.Hosting;
using EduFlows.Processes.ShadowTraining;
using EduFlows.Processes.Training;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using EduFlows.Tasks;
using EduFlows.Workbench;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.ReservePool;

/// <summary>
/// <c>/api/reserve-pool</c> (master key): entry from a selection or a renewal round, the pool queried by pool,
/// section, age and readiness (a page, JSON, or Excel), each person's file, entries other processes append, and the
/// yearly review. A selection's and a renewal round's activities enter people through <see cref="PoolEntrance"/>; another
/// orchestration may call the <see cref="EnterActivity"/> activity.
/// </summary>
public sealed class ReservePoolApi(ReservePoolDesk desk, DirectoryStore directory)
{
    /// <summary>The activity other processes call to enter a person (input <see cref="PoolEntryRequest"/>; returns false when refused).</summary>
    public const string EnterActivity = "ReservePoolEnter";

    private const string Routes = "reserve-pool";

    /// <summary>POST <c>reserve-pool/members</c>: enters a person from a selection or a renewal round (201; 200 when already in).</summary>
    [Function("ReservePoolEnterMember")]
    public async Task<IResult> EnterAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = Routes + "/members")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await request.ReadJsonAsync<PoolEntryRequest>(cancellationToken).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        if (body.Value.Problems() is { Count: > 0 } problems)
        {
            return FieldProblem.InvalidForStaff(problems, "入库信息有误，未入库。", "Nobody was entered.");
        }

        var (member, created) = await desk.EnterAsync(body.Value, cancellationToken).ConfigureAwait(false);
        if (member is null)
        {
            return FieldProblem.InvalidForStaff([new FieldError("staffId", "is not in the directory.") { ReasonZh = $"人员库中没有“{body.Value.StaffId}”。" }], "入库信息有误，未入库。", "Nobody was entered.");
        }

        return created ? TypedResults.Created($"files/{member.StaffId}", member) : TypedResults.Ok(member);
    }

    /// <summary>The activity form of entry, for a selection or renewal orchestration.</summary>
    [Function(EnterActivity)]
    public async Task<bool> EnterFromProcessAsync([ActivityTrigger] PoolEntryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Problems().Count == 0 && (await desk.EnterAsync(request, cancellationToken).ConfigureAwait(false)).Member is not null;
    }

    /// <summary>GET <c>reserve-pool/members?pool=&amp;section=&amp;minAge=&amp;maxAge=&amp;readiness=&amp;includeExited=</c>: the pool, filtered (a page for a browser).</summary>
    [Function("ReservePoolQuery")]
    public async Task<IResult> QueryAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = Routes + "/members")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ReadQuery(request, out var query) is { } bad)
        {
            return bad;
        }

        var members = await desk.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        var today = desk.Today;
        if (!StaffPages.WantsPage(request))
        {
            return TypedResults.Ok(new { count = members.Count, members = members.Select(m => new { member = m, age = m.AgeOn(today) }) });
        }

        // A browser that opened the page with the key as ?code= keeps it on every link, or the next click is refused (401).
        string code = request.Query["code"].ToString();
        string key = code.Length == 0 ? string.Empty : "?code=" + Uri.EscapeDataString(code);
        string rows = string.Concat(members.Select(m =>
            $"<tr><td><a href=\"{TrainingPages.E($"files/{Uri.EscapeDataString(m.StaffId)}{key}")}\">{TrainingPages.E(m.Name)}</a></td><td>{TrainingPages.E(PoolName(m.Pool))}</td><td>{TrainingPages.E(DirectoryVocabulary.SectionName(m.Section))}</td><td>{m.AgeOn(today)}</td><td>{TrainingPages.E(Status(m))}</td></tr>"));
        string export = "members/export/xlsx" + request.QueryString;
        return TrainingPages.Page(
            "后备人才库",
            TrainingPages.Fact("人数", members.Count.ToString(CultureInfo.InvariantCulture))
            + $"<table><tr><th>姓名</th><th>类别</th><th>学段</th><th>年龄</th><th>状态</th></tr>{rows}</table><p><a href=\"{TrainingPages.E(export)}\">导出 Excel</a></p>");
    }

    /// <summary>GET <c>reserve-pool/members/export/{format}</c> with the same filters: the pool as xlsx or csv.</summary>
    [Function("ReservePoolExport")]
    public async Task<IResult> ExportAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = Routes + "/members/export/{format}")] HttpRequest request, string format, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (OfficeExport.FormatOf(format) is not { } file)
        {
            return OfficeExport.UnknownFormat();
        }

        if (ReadQuery(request, out var query) is { } bad)
        {
            return bad;
        }

        var members = await desk.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        var today = desk.Today;
        var files = new List<(PoolMember, PoolFile?)>();
        foreach (var m in members)
        {
            files.Add((m, await desk.FileOfAsync(m.StaffId, cancellationToken).ConfigureAwait(false)));
        }

        var (header, rows) = ExportTable(files, today);
        return OfficeExport.File(file, "reserve-pool", header, rows);
    }

    /// <summary>GET <c>office/reserve-pool/members/export/{format}</c>: <see cref="ExportAsync"/> for the office's page, which an office sign-in opens as well as the key (<see cref="OfficeGuard"/>).</summary>
    [Function("OfficeReservePoolExport")]
    public Task<IResult> OfficeExportAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/" + Routes + "/members/export/{format}")] HttpRequest request, string format, CancellationToken cancellationToken) =>
        ExportAsync(request, format, cancellationToken);

    /// <summary>
    /// The export's table: each column's header written beside the cell it heads, so a column added or moved keeps its
    /// header over its own values. Counts, age and hours are numbers; ids and dates text.
    /// </summary>
    internal static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<object?>> Rows) ExportTable(IReadOnlyList<(PoolMember Member, PoolFile? File)> members, DateOnly today)
    {
        (string Header, Func<PoolMember, PoolFile?, object?> Cell)[] columns =
        [
            ("人员编号", (m, _) => m.StaffId),
            ("姓名", (m, _) => m.Name),
            ("类别", (m, _) => PoolName(m.Pool)),
            ("学段", (m, _) => DirectoryVocabulary.SectionName(m.Section)),
            ("学校", (m, _) => m.SchoolId),
            ("年龄", (m, _) => m.AgeOn(today)),
            ("入库日期", (m, _) => m.EnteredOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("入库来源", (m, _) => m.SourceZh),
            ("状态", (m, _) => Status(m)),
            ("影子培训证书", (_, f) => f?.Certificates.Count),
            ("挂职次数", (_, f) => f?.SecondmentCount),
            ("培训学时", (_, f) => f?.TrainingHours),
            ("考核结果", (_, f) => f is null ? null : string.Join("；", f.AssessmentLines)),
            ("出库原因", (m, _) => m.Exit?.Why),
        ];
        return ([.. columns.Select(c => c.Header)], [.. members.Select(p => (IReadOnlyList<object?>)[.. columns.Select(c => c.Cell(p.Member, p.File))])]);
    }

    /// <summary>GET <c>reserve-pool/files/{staffId}</c>: a person's file (a page for a browser).</summary>
    [Function("ReservePoolFile")]
    public async Task<IResult> FileAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = Routes + "/files/{staffId}")] HttpRequest request, string staffId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BadStaffId(staffId) is { } bad)
        {
            return bad;
        }

        if (await desk.FileOfAsync(staffId, cancellationToken).ConfigureAwait(false) is not { } file)
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "staffId", $"“{staffId}”不在后备人才库中。", "Not in the reserve pool.");
        }

        if (!StaffPages.WantsPage(request))
        {
            return TypedResults.Ok(file);
        }

        var today = desk.Today;
        string body = string.Concat(file.Memberships.Select(m => TrainingPages.Fact(PoolName(m.Pool), $"{Status(m)}；{m.AgeOn(today)}岁；{m.EnteredOn:yyyy-MM-dd}入库（{m.SourceZh}）")))
            + TrainingPages.Fact("培训学时", file.TrainingHours.ToString("0.#", CultureInfo.InvariantCulture))
            + TrainingPages.Fact("影子培训证书", file.Certificates.Count == 0 ? "无" : string.Join("、", file.Certificates))
            + TrainingPages.Fact("挂职次数", file.SecondmentCount.ToString(CultureInfo.InvariantCulture))
            + TrainingPages.Fact("考核结果", file.AssessmentLines.Count == 0 ? "无" : string.Join("；", file.AssessmentLines))
            + "<table><tr><th>日期</th><th>类别</th><th>内容</th></tr>"
            + string.Concat(file.Entries.Select(e => $"<tr><td>{e.Date:yyyy-MM-dd}</td><td>{TrainingPages.E(PoolEntryKinds.Zh(e.Kind))}</td><td>{TrainingPages.E(e.Text)}</td></tr>")) + "</table>";
        return TrainingPages.Page($"后备人才档案 · {file.Name}", body);
    }

    /// <summary>GET <c>office/reserve-pool/files/{staffId}</c>: <see cref="FileAsync"/> for the office's page (<see cref="OfficeGuard"/>).</summary>
    [Function("OfficeReservePoolFile")]
    public Task<IResult> OfficeFileAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/" + Routes + "/files/{staffId}")] HttpRequest request, string staffId, CancellationToken cancellationToken) =>
        FileAsync(request, staffId, cancellationToken);

    /// <summary>
    /// POST <c>reserve-pool/files/{staffId}/entries</c>: another process appends an entry (secondment, assessment, training,
    /// shadow training), in Chinese and, for the member's English view, in English (<c>textEn</c>).
    /// </summary>
    [Function("ReservePoolAppend")]
    public async Task<IResult> AppendAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = Routes + "/files/{staffId}/entries")] HttpRequest request, string staffId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BadStaffId(staffId) is { } bad)
        {
            return bad;
        }

        var body = await request.ReadJsonAsync<EntryBody>(cancellationToken).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        var e = body.Value;
        var errors = new List<FieldError>();
        if (e.Kind is null || !PoolEntryKinds.Appendable.Contains(e.Kind))
        {
            errors.Add(new FieldError("kind", $"must be one of {string.Join(", ", PoolEntryKinds.Appendable)}.") { ReasonZh = "类别只能是影子培训、挂职锻炼、培训学时或考核结果。" });
        }

        if (string.IsNullOrWhiteSpace(e.Reference) || TableKey.Problem(e.Reference) is not null)
        {
            errors.Add(new FieldError("reference", "must name what the entry is about (an id without / \\ # ?).") { ReasonZh = "请填写所指事项的编号。" });
        }

        if (e.Date is null)
        {
            errors.Add(new FieldError("date", "must be a date, yyyy-MM-dd.") { ReasonZh = "请填写日期。" });
        }

        if (string.IsNullOrWhiteSpace(e.Text) || e.Text.Length > 1000)
        {
            errors.Add(new FieldError("text", "must be given, at most 1000 characters.") { ReasonZh = "请填写内容（不超过1000字）。" });
        }

        if (e.TextEn is { Length: > 1000 })
        {
            errors.Add(new FieldError("textEn", "must be at most 1000 characters.") { ReasonZh = "英文内容不超过1000字。" });
        }

        if (errors.Count > 0)
        {
            return FieldProblem.InvalidForStaff(errors, "档案记录有误，未保存。", "The entry was not stored.");
        }

        if (await desk.FileOfAsync(staffId, cancellationToken).ConfigureAwait(false) is null)
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "staffId", $"“{staffId}”不在后备人才库中。", "Not in the reserve pool.");
        }

        // The English a member reading in English sees on /api/me (names and notes as written); without it, the Chinese.
        var entry = new ReservePoolEntry(staffId, e.Kind!, e.Reference!, e.Date!.Value, e.Text!.Trim(), e.CertificateNo)
        {
            TextEn = string.IsNullOrWhiteSpace(e.TextEn) ? null : e.TextEn.Trim(),
        };
        await desk.AppendAsync(entry, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created(string.Empty, entry);
    }

    /// <summary>POST <c>reserve-pool/reviews/{year}</c> <c>{"officerId":…}</c>: starts the year's review now (the timer starts it on 1 December).</summary>
    [Function("ReservePoolStartReview")]
    public async Task<IResult> StartReviewAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = Routes + "/reviews/{year}")] HttpRequest request, string year, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var body = await request.ReadJsonAsync<ReviewBody>(cancellationToken).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        var errors = new List<FieldError>();
        if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out int y) || y is < 2000 or > 2100)
        {
            errors.Add(new FieldError("year", "must be a year between 2000 and 2100.") { ReasonZh = "年份应在2000至2100之间。" });
        }

        if (string.IsNullOrEmpty(body.Value.OfficerId) || TableKey.Problem(body.Value.OfficerId) is not null
            || await directory.Staff.GetAsync(body.Value.OfficerId, cancellationToken).ConfigureAwait(false) is null)
        {
            errors.Add(new FieldError("officerId", "must be a staff id in the directory.") { ReasonZh = "请填写负责考察的工作人员编号（人员库中须有此人）。" });
        }

        if (errors.Count > 0)
        {
            return FieldProblem.InvalidForStaff(errors, "年度考察未启动。", "The review was not started.");
        }

        string? started = await ReservePoolTimer.StartAsync(client, new ReviewRun(y, body.Value.OfficerId!), cancellationToken).ConfigureAwait(false);
        return started is null
            ? FieldProblem.ForStaff(StatusCodes.Status409Conflict, "year", $"{y}年度考察已启动过。", "That year's review has already been started.")
            : TypedResults.Accepted(started, new { year = y, instanceId = started });
    }

    /// <summary>GET <c>reserve-pool/reviews/{year}</c>: where the year's review stands.</summary>
    [Function("ReservePoolReviewStatus")]
    public static async Task<IResult> ReviewStatusAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = Routes + "/reviews/{year:int}")] HttpRequest request, int year, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instance = await client.GetInstanceAsync(ReservePoolReview.InstanceIdOf(year), cancellation: cancellationToken).ConfigureAwait(false);
        return instance is null
            ? FieldProblem.ForStaff(StatusCodes.Status404NotFound, "year", $"{year}年度考察尚未启动。", "Not started.")
            : TypedResults.Ok(new { year, instance.RuntimeStatus, progress = instance.ReadCustomStatusAs<ReviewProgress>() });
    }

    /// <summary>
    /// POST <c>reserve-pool/demo</c> <c>[{sourceReference}]</c>: enters the directory's reserve principals and researchers
    /// (195 and 54 in the demo county) as from a selection: the one the body names (the office's form), or without a
    /// body <see cref="PoolDemoRequest.DemoSelection"/>. A body naming none is refused at <c>sourceReference</c>, nobody entered.
    /// </summary>
    [Function("ReservePoolDemo")]
    public async Task<IResult> DemoAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = Routes + "/demo")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string reference = PoolDemoRequest.DemoSelection;
        bool hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (hasBody)
        {
            var body = await request.ReadJsonAsync<PoolDemoRequest>(cancellationToken).ConfigureAwait(false);
            if (body.Failed)
            {
                return body.Problem;
            }

            if (body.Value.Problems() is { Count: > 0 } problems)
            {
                return FieldProblem.InvalidForStaff(problems, "入库信息有误，未入库。", "Nobody was entered.");
            }

            reference = body.Value.SourceReference!;
        }

        var (principals, researchers, _) = await new ReservePoolDemo(desk).EnterAsync(DemoCounty.Generate(), reference, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new { principals, researchers });
    }

    private static ProblemHttpResult? ReadQuery(HttpRequest request, out PoolQuery query)
    {
        var errors = new List<FieldError>();
        string? pool = request.Query["pool"];
        string? section = request.Query["section"];
        string? readiness = request.Query["readiness"];
        int? Age(string name)
        {
            string? text = request.Query[name];
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int age) && age is >= 18 and <= 70)
            {
                return age;
            }

            errors.Add(new FieldError(name, "must be an age from 18 to 70.") { ReasonZh = "年龄应为18至70之间的整数。" });
            return null;
        }

        int? min = Age("minAge");
        int? max = Age("maxAge");
        if (pool is { Length: > 0 } && pool is not (ReservePoolDesk.Principals or ReservePoolDesk.Researchers))
        {
            errors.Add(new FieldError("pool", "must be principal or researcher.") { ReasonZh = "类别只能是 principal（后备校长）或 researcher（后备教研员）。" });
        }

        if (section is { Length: > 0 } && !DirectoryVocabulary.SchoolSections.Contains(section) && !DirectoryVocabulary.ResearchSections.Contains(section))
        {
            errors.Add(new FieldError("section", "is not a section.") { ReasonZh = "学段有误（如 primary、junior、senior）。" });
        }

        if (readiness is { Length: > 0 } && !PoolReadiness.IsKnown(readiness))
        {
            errors.Add(new FieldError("readiness", "must be ready or developing.") { ReasonZh = "评定只能是 ready（可提任）或 developing（培养中）。" });
        }

        query = new PoolQuery(NullIfEmpty(pool), NullIfEmpty(section), min, max, NullIfEmpty(readiness), request.Query["includeExited"] == "true");
        return errors.Count == 0 ? null : FieldProblem.InvalidForStaff(errors, "查询条件有误。", "Bad filter.");
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static ProblemHttpResult? BadStaffId(string staffId) => TableKey.Problem(staffId) is null
        ? null
        : FieldProblem.InvalidForStaff([new FieldError("staffId", "must be a staff id.") { ReasonZh = "人员编号格式有误。" }], "人员编号有误。", "Bad staff id.");

    internal static string PoolName(string pool) => pool == ReservePoolDesk.Principals ? "后备校长" : "后备教研员";

    internal static string Status(PoolMember m) => m.Exit is { } exit
        ? exit.Reason switch { PoolExitReason.Appointed => "已任用出库", PoolExitReason.AgedOut => "超龄出库", PoolExitReason.Declined => "本人放弃出库", _ => "考察出库" }
        : PoolReadiness.Zh(m.Readiness);

    /// <summary>A pool in English, for a member who reads in English.</summary>
    internal static string PoolNameEn(string pool) => pool == ReservePoolDesk.Principals ? "Reserve principals" : "Reserve researchers";

    /// <summary>Why a member left, in English (a member is not shown the office's readiness, so there is none for one still in).</summary>
    internal static string ExitEn(PoolExitReason reason) => reason switch
    {
        PoolExitReason.Appointed => "left the pool: appointed",
        PoolExitReason.AgedOut => "left the pool: over the age limit",
        PoolExitReason.Declined => "left the pool: declined to stay",
        _ => "left the pool after the review",
    };

    /// <summary>An entry another process appends.</summary>
    /// <param name="Kind">secondment, assessment, training or shadow-training.</param>
    /// <param name="Reference">What it refers to (assignment, year, lecture…).</param>
    /// <param name="Date">When.</param>
    /// <param name="Text">The entry in words (Chinese).</param>
    /// <param name="CertificateNo">A certificate, if any.</param>
    /// <param name="TextEn">The same in English, for a member who reads /api/me in English (optional).</param>
    public sealed record EntryBody(string? Kind, string? Reference, DateOnly? Date, string? Text, string? CertificateNo, string? TextEn = null);

    /// <summary>Who decides the review.</summary>
    /// <param name="OfficerId">The officer's staff id.</param>
    public sealed record ReviewBody(string? OfficerId);
}
