using EduFlows.Storage;
using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using EduFlows.Hosting;
using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.StaffPortal;
using EduFlows.Tasks;
using EduFlows.Workbench.Operations;

namespace EduFlows.Processes.ResearcherReview;

/// <summary>
/// <c>/api/researcher-reviews</c>: schemes (read with a function key, replaced with the master key), process records
/// (a researcher signed in logs their own; the office corrects with the master key and a reason), starting reviews and
/// frontline-rotation rounds, and results (the office: all; a researcher signed in: their own only). One HTTP function
/// per route.
/// </summary>
public sealed class ResearcherReviewApi(
    ResearcherReviewStore store,
    DirectoryStore directory,
    StaffTaskStore tasks,
    TaskTokenSigner signer,
    HtmlRendering html,
    FunctionKeys keys,
    ResearcherReviewOptions options,
    BureauClock clock,
    TimeProvider time)
{
    private const string Routes = "researcher-reviews";

    /// <summary>A review to start.</summary>
    /// <param name="Section">primary, junior or senior.</param>
    /// <param name="Year">The year.</param>
    /// <param name="Half">1 or 2.</param>
    /// <param name="SchemeVersion">A stored scheme version (default: current).</param>
    /// <param name="ReviewerIds">Reviewers (default: the section's researchers and the office head).</param>
    /// <param name="OfficeId">Who decides bonuses (default: the office head).</param>
    public sealed record StartReviewInput(string? Section, int? Year, int? Half, int? SchemeVersion, IReadOnlyList<string>? ReviewerIds, string? OfficeId);

    /// <summary>A process record to log.</summary>
    /// <param name="ResearcherId">Whose record (master-key callers only; a signed-in researcher logs their own).</param>
    /// <param name="Kind">One of the record kinds.</param>
    /// <param name="Date">When it happened.</param>
    /// <param name="SchoolId">The school (required for school visits).</param>
    /// <param name="Description">What was done.</param>
    public sealed record RecordInput(string? ResearcherId, string? Kind, DateOnly? Date, string? SchoolId, string? Description);

    /// <summary>The office's correction of a record: the new values and the reason.</summary>
    /// <param name="Reason">Why (required).</param>
    /// <param name="Kind">New kind, or unchanged.</param>
    /// <param name="Date">New date, or unchanged.</param>
    /// <param name="SchoolId">New school, or unchanged.</param>
    /// <param name="Description">New description, or unchanged.</param>
    /// <param name="Withdrawn">Withdraw (true) or reinstate (false) the record.</param>
    public sealed record CorrectionInput(string? Reason, string? Kind, DateOnly? Date, string? SchoolId, string? Description, bool? Withdrawn);

    /// <summary>A frontline-rotation round to start.</summary>
    /// <param name="Year">The round's year.</param>
    /// <param name="DeciderId">Who decides (default: the head of 组织人事科).</param>
    public sealed record StartRotationInput(int? Year, string? DeciderId);

    /// <summary>GET <c>schemes/{section}</c>: the section's current scheme, or <paramref name="version"/>.</summary>
    [Function("ResearcherReviewGetScheme")]
    public async Task<IResult> GetSchemeAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes + "/schemes/{section}")] HttpRequest request, string section, int? version, CancellationToken ct)
    {
        if (!DirectoryVocabulary.ResearchSections.Contains(section))
        {
            return NoSuchSection();
        }

        var scheme = version is { } v ? await store.SchemeAsync(section, v, ct).ConfigureAwait(false) : await store.CurrentSchemeAsync(section, ct).ConfigureAwait(false);
        return scheme is null
            ? FieldProblem.ForStaff(StatusCodes.Status404NotFound, "version", version is null ? $"{SectionZh(section)}还没有考核方案。" : $"{SectionZh(section)}没有第 {version} 版考核方案。", $"Section '{section}' has no scheme version {version}.")
            : TypedResults.Ok(scheme);
    }

    /// <summary>PUT <c>schemes/{section}</c>: stores the body as the section's next scheme version (the office, named in the acting-staff header).</summary>
    [Function("ResearcherReviewPutScheme")]
    public async Task<IResult> PutSchemeAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "put", Route = Routes + "/schemes/{section}")] HttpRequest request, string section, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await request.ReadJsonObjectAsync<ResearcherScheme>(ct).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        var scheme = body.Value;
        var (by, anonymous) = await OfficeMemberAsync(request, ct).ConfigureAwait(false);
        if (anonymous is not null)
        {
            return anonymous;
        }

        return await StoreSchemeAsync(scheme, section, by!, null, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks <paramref name="scheme"/> as a whole and stores it as <paramref name="section"/>'s next version: after
    /// <paramref name="readAt"/> only, when given (the office's form, read at that version: 409 when another was stored
    /// since), else after whatever is newest. 422 naming every bad field, and nothing stored.
    /// </summary>
    internal async Task<IResult> StoreSchemeAsync(ResearcherScheme scheme, string section, string by, int? readAt, CancellationToken ct)
    {
        if (RecordSize.Check(scheme) is { } tooLarge)
        {
            return FieldProblem.ForStaff(StatusCodes.Status413PayloadTooLarge, tooLarge.Field,
                $"考核方案过大，未保存：“{tooLarge.Field}”内容过多，请删减后再提交。", $"{tooLarge.Field} {tooLarge.Reason} Nothing was stored.");
        }

        var errors = SchemeValidation.Validate(scheme);
        if (scheme.Section != section)
        {
            errors.Insert(0, Error("section", $"must be '{section}', the section in the path.", $"须与地址中的学段（{DirectoryVocabulary.SectionName(section)}）一致。"));
        }

        if (errors.Count > 0)
        {
            return FieldProblem.InvalidForStaff(errors, "考核方案有误，未保存。", "The scheme is not valid; nothing was stored.");
        }

        var stored = readAt is { } over
            ? await store.TrySaveSchemeOverAsync(scheme, over, by, time.GetUtcNow(), ct).ConfigureAwait(false)
            : await store.SaveSchemeAsync(scheme, by, time.GetUtcNow(), ct).ConfigureAwait(false);
        return stored is null
            ? SchemeChanged(section)
            : TypedResults.Created(string.Create(CultureInfo.InvariantCulture, $"schemes/{section}?version={stored.Version}"), stored);
    }

    /// <summary>409: the section's scheme was saved by someone else after the form was read; nothing was stored.</summary>
    internal static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult SchemeChanged(string section) =>
        OfficeVersions.Changed(SchemeNamed(section), $"The {section} scheme");

    /// <summary>The section's scheme as the office's version refusals name it: "初中教研员考核方案".</summary>
    internal static string SchemeNamed(string section) => $"{SectionZh(section)}考核方案";

    /// <summary>POST <c>records</c>: logs a process record, by the researcher (signed in or through a task link) or by the office for them.</summary>
    [Function("ResearcherReviewAddRecord")]
    public async Task<IResult> AddRecordAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes + "/records")] HttpRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Who is asking comes before what is asked: a caller with no key, session or task link learns nothing about the
        // body's validity, only that it must sign in.
        string? self = IsOffice(request) ? null : await SelfAsync(request).ConfigureAwait(false);
        if (!IsOffice(request) && self is null)
        {
            return SignInFirst();
        }

        var body = await request.ReadJsonAsync<RecordInput>(ct).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        var input = body.Value;
        var (researcherId, refused) = await ActorAsync(request, input.ResearcherId, self, ct).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        string createdBy = researcherId!;
        if (IsOffice(request))
        {
            var (by, anonymous) = await OfficeMemberAsync(request, ct).ConfigureAwait(false);
            if (anonymous is not null)
            {
                return anonymous;
            }

            createdBy = by!;
        }

        var now = time.GetUtcNow();
        var errors = await CheckRecordAsync(input.Kind, input.Date, input.SchoolId, input.Description, clock.DateOf(now), ct).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            return FieldProblem.InvalidForStaff(errors, "过程记录有误，未保存。", "The record is not valid; nothing was stored.");
        }

        var record = new ProcessRecord
        {
            Id = "rec-" + Guid.NewGuid().ToString("N"),
            ResearcherId = researcherId!,
            Kind = input.Kind!,
            Date = input.Date!.Value,
            SchoolId = string.IsNullOrWhiteSpace(input.SchoolId) ? null : input.SchoolId.Trim(),
            Description = input.Description!.Trim(),
            CreatedAt = now,
            CreatedBy = createdBy,
        };
        await store.Records.TryAddAsync(record, ct).ConfigureAwait(false);
        return TypedResults.Created($"records/{record.Id}", record);
    }

    /// <summary>
    /// GET <c>records</c>: a researcher's records of a half year (or a whole year), with counts per kind; a zh-CN page
    /// for a browser (linked from /api/me), JSON when asked for (<see cref="StaffPages.WantsPage"/>).
    /// </summary>
    [Function("ResearcherReviewListRecords")]
    public async Task<IResult> ListRecordsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/records")] HttpRequest request, string? researcherId, int? year, int? half, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        bool office = IsOffice(request);
        string? self = office ? null : await SelfAsync(request).ConfigureAwait(false);
        if (!office && self is null)
        {
            return SignInFirst(request);
        }

        var (whose, refused) = await ActorAsync(request, researcherId, self, ct).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        if (year is not (null or (>= 2000 and <= 2100)))
        {
            return FieldProblem.ForStaff(StatusCodes.Status400BadRequest, "year", "年份须在 2000 到 2100 之间。", "must be 2000 to 2100.");
        }

        if (half is not (null or 1 or 2) || (half is not null && year is null))
        {
            return FieldProblem.ForStaff(StatusCodes.Status400BadRequest, "half", "半年须为 1 或 2，并同时给出年份。", "must be 1 or 2, with a year.");
        }

        var period = year is { } y ? new ReviewPeriod(y, half ?? 1) : ReviewPeriod.Containing(clock.DateOf(time.GetUtcNow()));
        var (from, to) = half is null && year is not null ? (new DateOnly(year.Value, 1, 1), new DateOnly(year.Value, 12, 31)) : (period.Start, period.End);
        var records = await store.RecordsOfAsync(whose!, from, to, ct).ConfigureAwait(false);
        if (!StaffPages.WantsPage(request))
        {
            return TypedResults.Ok(new { researcherId = whose, from, to, counted = records.Where(r => !r.Withdrawn).GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.Count()), records });
        }

        return await RecordsPageAsync(records, year is not null && half is null ? $"{year}年全年" : period.Label, period, office, request.Query["token"].FirstOrDefault(), ct).ConfigureAwait(false);
    }

    // The records as a page: counted ones per kind, then each record (a withdrawn one marked, not counted), newest first,
    // with links to the half years before and after. Opened from mail, the page was reached with a task link's token:
    // the links keep it, or they would ask a person without a session to sign in.
    private async Task<IResult> RecordsPageAsync(IReadOnlyList<ProcessRecord> records, string label, ReviewPeriod period, bool office, string? token, CancellationToken ct)
    {
        var counted = records.Where(r => !r.Withdrawn).ToList();
        var schools = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string schoolId in records.Select(r => r.SchoolId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            schools[schoolId] = (await directory.Schools.GetAsync(schoolId, ct).ConfigureAwait(false))?.Name ?? schoolId;
        }

        var before = period.Half == 1 ? new ReviewPeriod(period.Year - 1, 2) : new ReviewPeriod(period.Year, 1);
        var after = period.Half == 1 ? new ReviewPeriod(period.Year, 2) : new ReviewPeriod(period.Year + 1, 1);
        return await StaffPages.PageAsync(html, new ResultsView(
            office ? "教研员过程记录" : "我的过程记录",
            label,
            [("计入记录", $"{counted.Count} 条"), .. RecordKinds.All.Select(k => (ResearcherReviewOrchestration.RecordKindName(k), $"{counted.Count(r => r.Kind == k)} 条"))],
            ["日期", "类别", "学校", "内容", "状态"],
            [.. records.OrderByDescending(r => r.Date).ThenByDescending(r => r.CreatedAt).Select(r => (IReadOnlyList<string>)
            [
                r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ResearcherReviewOrchestration.RecordKindName(r.Kind),
                r.SchoolId is null ? "—" : schools[r.SchoolId],
                r.Description,
                r.Withdrawn ? "已撤销，不计入" : r.Corrections.Count > 0 ? "经教育局更正，计入" : "计入",
            ])])
        {
            Notes = ["过程记录计入半年考核的计数指标；撤销的记录不计入。登记有误的，请联系教育局更正。"],
            Links = office ? [] : [(before.Label, HalfYearLink(before, token)), (after.Label, HalfYearLink(after, token))],
        }).ConfigureAwait(false);
    }

    private static string HalfYearLink(ReviewPeriod period, string? token)
    {
        string link = string.Create(CultureInfo.InvariantCulture, $"records?year={period.Year}&half={period.Half}");
        return string.IsNullOrEmpty(token) ? link : Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(link, "token", token);
    }

    /// <summary>PUT <c>records/{recordId}</c>: the office corrects, withdraws or reinstates a record, with a reason.</summary>
    [Function("ResearcherReviewCorrectRecord")]
    public async Task<IResult> CorrectRecordAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "put", Route = Routes + "/records/{recordId}")] HttpRequest request, string recordId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await request.ReadJsonAsync<CorrectionInput>(ct).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        var input = body.Value;
        var (by, anonymous) = await OfficeMemberAsync(request, ct).ConfigureAwait(false);
        if (anonymous is not null)
        {
            return anonymous;
        }

        var read = await store.Records.GetAsync(recordId, ct).ConfigureAwait(false);
        if (read is null)
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "recordId", "没有这条过程记录。", "There is no such record.");
        }

        var old = read.Record;
        var now = time.GetUtcNow();
        var errors = await CheckRecordAsync(input.Kind ?? old.Kind, input.Date ?? old.Date, input.SchoolId ?? old.SchoolId, input.Description ?? old.Description, clock.DateOf(now), ct).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(input.Reason))
        {
            errors.Insert(0, Error("reason", "is required: say why the record is corrected.", "请填写更正理由。"));
        }

        if (errors.Count > 0)
        {
            return FieldProblem.InvalidForStaff(errors, "更正有误，记录未作修改。", "The correction is not valid; the record is unchanged.");
        }

        var corrected = old with
        {
            Kind = input.Kind ?? old.Kind,
            Date = input.Date ?? old.Date,
            SchoolId = input.SchoolId ?? old.SchoolId,
            Description = input.Description?.Trim() ?? old.Description,
            Withdrawn = input.Withdrawn ?? old.Withdrawn,
            Corrections = [.. old.Corrections, new RecordCorrection(now, by!, input.Reason!.Trim(), old.Kind, old.Date, old.SchoolId, old.Description, old.Withdrawn)],
        };
        return await store.Records.TryReplaceAsync(corrected, read.ETag, ct).ConfigureAwait(false) is null
            ? FieldProblem.ForStaff(StatusCodes.Status409Conflict, "recordId", "更正时该记录已被他人修改，请重新读取后再更正。", "The record changed while it was being corrected; read it again.")
            : TypedResults.Ok(corrected);
    }

    /// <summary>POST: starts a section's review of a half year that has ended, once.</summary>
    [Function("ResearcherReviewStartReview")]
    public async Task<IResult> StartReviewAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = Routes)] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await request.ReadJsonAsync<StartReviewInput>(ct).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        return await StartAsync(body.Value, client, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the review <paramref name="input"/> asks for, by the route's rules (each refusal names its field, in
    /// Chinese with the English beside, and starts nothing): the JSON route and the office's form
    /// (<see cref="Office.ReviewOfficeActs"/>) both start a review through here.
    /// </summary>
    internal async Task<IResult> StartAsync(StartReviewInput input, DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<FieldError>();
        if (!DirectoryVocabulary.ResearchSections.Contains(input.Section ?? string.Empty))
        {
            errors.Add(Error("section", "must be primary, junior or senior.", SectionsZh));
        }

        if (input.Year is not (>= 2000 and <= 2100))
        {
            errors.Add(Error("year", "is required: 2000 to 2100.", YearZh));
        }

        if (input.Half is not (1 or 2))
        {
            errors.Add(Error("half", "must be 1 or 2.", "半年须为 1（上半年）或 2（下半年）。"));
        }

        if (errors.Count == 0 && new ReviewPeriod(input.Year!.Value, input.Half!.Value).End >= clock.DateOf(time.GetUtcNow()))
        {
            errors.Add(Error("half", "has not ended yet: a half year is reviewed once it is over.", $"{new ReviewPeriod(input.Year!.Value, input.Half!.Value).Label}尚未结束：半年结束后才能考核。"));
        }

        // Ids become table keys: one the storage would refuse is the caller's error, found before any lookup.
        if (TableKey.Error("officeId", input.OfficeId) is { } badOffice)
        {
            errors.Add(badOffice);
        }

        for (int i = 0; i < (input.ReviewerIds?.Count ?? 0); i++)
        {
            if (TableKey.Error($"reviewerIds[{i}]", input.ReviewerIds![i]) is { } badReviewer)
            {
                errors.Add(badReviewer);
            }
        }

        if (input.ReviewerIds is { } given && (given.Any(string.IsNullOrWhiteSpace) || given.Distinct(StringComparer.Ordinal).Count() != given.Count))
        {
            errors.Add(Error("reviewerIds", "must be staff ids, each once.", "评审须填写工号，且每人只列一次。"));
        }

        if (errors.Count == 0 && input.SchemeVersion is { } version && await store.SchemeAsync(input.Section!, version, ct).ConfigureAwait(false) is null)
        {
            errors.Add(Error("schemeVersion", $"section '{input.Section}' has no scheme version {version}.", $"{SectionZh(input.Section!)}没有第 {version} 版考核方案。"));
        }

        foreach (string id in (input.ReviewerIds ?? []).Append(input.OfficeId).Where(id => !string.IsNullOrWhiteSpace(id) && TableKey.Fits(id)).Distinct(StringComparer.Ordinal).OfType<string>())
        {
            if (await directory.Staff.GetAsync(id, ct).ConfigureAwait(false) is null)
            {
                errors.Add(Error(id == input.OfficeId ? "officeId" : "reviewerIds", $"'{id}' is not in the directory.", NotInDirectoryZh(id)));
            }
        }

        if (input.ReviewerIds is { Count: < 2 })
        {
            errors.Add(Error("reviewerIds", "needs at least two reviewers, so that nobody is left without one.", "至少须有两位评审，才能保证每位教研员都有人评分。"));
        }

        if (errors.Count > 0)
        {
            return FieldProblem.InvalidForStaff(errors, "考核未能启动。", "The review cannot start; nothing was started.");
        }

        var review = options.Request(input.Section!, input.Year!.Value, input.Half!.Value) with { SchemeVersion = input.SchemeVersion, ReviewerIds = input.ReviewerIds, OfficeId = input.OfficeId };
        return await StartOnceAsync(client, ResearcherReviewOrchestration.Name, review.Period.InstanceId(review.Section), review, ct).ConfigureAwait(false)
            ? TypedResults.Accepted(review.Period.InstanceId(review.Section), new { id = review.Period.InstanceId(review.Section) })
            : FieldProblem.ForStaff(StatusCodes.Status409Conflict, "half", $"{review.Period.Label}{ResearcherReviewActivities.SectionName(review.Section)}已经启动，不能重复启动。", $"The review {review.Period.InstanceId(review.Section)} has already been started.");
    }

    /// <summary>Starts an instance unless one of that id exists (a failed or terminated one may be started again); false when it exists.</summary>
    internal static async Task<bool> StartOnceAsync(DurableTaskClient client, string name, string instanceId, object input, CancellationToken ct)
    {
        if (await client.GetInstanceAsync(instanceId, cancellation: ct).ConfigureAwait(false) is { RuntimeStatus: not (OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated) })
        {
            return false;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(instanceId), ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (EduFlows.Durable.InstanceStarts.AlreadyExists(ex))
        {
            return false;
        }
    }

    /// <summary>GET <c>{reviewId}</c>: the review's record and its orchestration's status.</summary>
    [Function("ResearcherReviewGetReview")]
    public async Task<IResult> GetReviewAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = Routes + "/{reviewId}")] HttpRequest request, string reviewId, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var review = (await store.Reviews.GetAsync(reviewId, ct).ConfigureAwait(false))?.Record;
        var instance = await client.GetInstanceAsync(reviewId, cancellation: ct).ConfigureAwait(false);
        if (review is null && instance is null)
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "reviewId", NoSuchReviewZh, "There is no such review.");
        }

        return TypedResults.Ok(new
        {
            id = reviewId,
            runtimeStatus = instance?.RuntimeStatus,
            customStatus = instance?.SerializedCustomStatus is { } s ? System.Text.Json.JsonDocument.Parse(s).RootElement : (System.Text.Json.JsonElement?)null,
            review,
        });
    }

    /// <summary>GET <c>{reviewId}/results</c>: every published result of the review, with the reviewers flagged out of line.</summary>
    [Function("ResearcherReviewGetResults")]
    public async Task<IResult> GetResultsAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = Routes + "/{reviewId}/results")] HttpRequest request, string reviewId, CancellationToken ct)
    {
        var review = (await store.Reviews.GetAsync(reviewId, ct).ConfigureAwait(false))?.Record;
        if (review is not { PublishedAt: not null })
        {
            return review is null
                ? FieldProblem.ForStaff(StatusCodes.Status404NotFound, "reviewId", NoSuchReviewZh, "There is no such review.")
                : FieldProblem.ForStaff(StatusCodes.Status404NotFound, "reviewId", "本次考核的结果尚未公布。", "The review's results are not published yet.");
        }

        var rows = await store.ResultRowsOfAsync(reviewId, ct).ConfigureAwait(false);
        return TypedResults.Ok(new
        {
            id = reviewId,
            review.Section,
            review.Period,
            review.SchemeVersion,
            review.PublishedAt,
            review.PanelRule,
            missingInputRule = ReviewScoring.MissingInputRule,
            missingInputRuleEn = ReviewScoring.MissingInputRuleEn,
            reviewerFlags = rows.SelectMany(r => r.ReviewerFlags),
            results = rows.Select(r => r.Result),
        });
    }

    /// <summary>GET <c>{reviewId}/results/mine</c>: the signed-in researcher's own published result; a page, or JSON when asked for.</summary>
    [Function("ResearcherReviewGetMyResult")]
    public async Task<IResult> GetMyResultAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/{reviewId}/results/mine")] HttpRequest request, string reviewId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await SignedInAsync(request).ConfigureAwait(false) is not { } me)
        {
            return SignInFirst(request);
        }

        var row = (await store.Results.GetAsync($"{reviewId}.{me}", ct).ConfigureAwait(false))?.Record;
        if (row is null)
        {
            return StaffPages.Refusal(request, StatusCodes.Status404NotFound, "reviewId", "您在本次考核中没有已发布的结果。", "You have no published result in this review.");
        }

        if (!StaffPages.WantsPage(request))
        {
            return TypedResults.Ok(new { id = reviewId, row.Section, row.Period, missingInputRule = ReviewScoring.MissingInputRule,
                missingInputRuleEn = ReviewScoring.MissingInputRuleEn, result = row.Result });
        }

        var result = row.Result;
        var lines = new List<IReadOnlyList<string>>();
        foreach (var a in result.LevelA)
        {
            lines.Add([a.Name, $"{F(a.Score)} / {F(a.Weight)}", string.Empty]);
            lines.AddRange(result.Indicators.Where(i => i.LevelA == a.Id).Select(i => (IReadOnlyList<string>)["　" + i.Name, $"{F(i.Points)} / {F(i.MaxPoints)}", i.Basis + (i.Imputed ? "，缺项按规则计" : string.Empty)]));
        }

        lines.AddRange(result.Bonuses.Select(b => (IReadOnlyList<string>)["加分（" + BonusLevels.Zh(b.Level) + "）", F(b.Points), b.Reason ?? string.Empty]));
        return await StaffPages.PageAsync(html, new ResultsView(
            "我的考核结果",
            row.Period.Label + ResearcherReviewActivities.SectionName(row.Section),
            [("总分", F(result.Total)), ("基础分 / 加分", $"{F(result.BaseScore)} / {F(result.BonusPoints)}"), ("名次", $"第 {result.Rank} 名")],
            ["指标", "得分 / 满分", "依据"],
            lines)
        {
            Notes = [.. result.Flags.Select(f => "说明：" + f.Detail), "缺项规则：" + ReviewScoring.MissingInputRule],
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// GET <c>{reviewId}/scores/{researcherId}</c>: the panel's scores of a researcher, for a reviewer who has submitted
    /// their own (signed in, or through their scoring task's link); a page, or JSON when asked for.
    /// </summary>
    [Function("ResearcherReviewGetPanelScores")]
    public async Task<IResult> GetPanelScoresAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/{reviewId}/scores/{researcherId}")] HttpRequest request, string reviewId, string researcherId, string? token, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var review = (await store.Reviews.GetAsync(reviewId, ct).ConfigureAwait(false))?.Record;
        if (review is null || review.Researchers.All(r => r.Id != researcherId))
        {
            return StaffPages.Refusal(request, StatusCodes.Status404NotFound, "researcherId", "本次考核中没有这位教研员。", "There is no such researcher in this review.");
        }

        // The reader is the signed-in staff member, or the reviewer whose scoring-task link token this is.
        string prefix = ResearcherReviewOrchestration.TaskPrefix(review.Period, review.Section);
        string? me = await SignedInAsync(request).ConfigureAwait(false);
        if (me is null && token is not null)
        {
            me = review.Reviewers.Select(r => signer.Check(token, ResearcherReviewOrchestration.ScoringTaskId(prefix, r.Id, researcherId), out var claims) == TaskTokenCheck.Valid ? claims!.AssigneeId : null)
                .FirstOrDefault(id => id is not null);
        }

        if (me is null)
        {
            return token is null ? SignInFirst(request) : StaffPages.Refusal(request, StatusCodes.Status403Forbidden, "token", "该链接不是这位教研员的评分任务链接，或已过期；请登录后查看。", "This link is not a scoring task of this researcher, or it has expired; sign in instead.");
        }

        var mine = (await tasks.GetAsync(ResearcherReviewOrchestration.ScoringTaskId(prefix, me, researcherId), ct).ConfigureAwait(false))?.Record;
        if (mine is not { Status: StaffTaskStatus.Submitted })
        {
            return mine is null
                ? StaffPages.Refusal(request, StatusCodes.Status403Forbidden, "researcherId", "您不是这位教研员的评审。", "You are not a reviewer of this researcher.")
                : StaffPages.Refusal(request, StatusCodes.Status403Forbidden, "researcherId", "请先提交您本人的评分，之后才能查看其他评审的评分。", "Submit your own scores first; the other reviewers' scores are shown after that.");
        }

        var rows = new List<PanelScoreRow>();
        foreach (var reviewer in review.Reviewers.Where(r => r.Id != researcherId))
        {
            var task = (await tasks.GetAsync(ResearcherReviewOrchestration.ScoringTaskId(prefix, reviewer.Id, researcherId), ct).ConfigureAwait(false))?.Record;
            bool submitted = task?.Status == StaffTaskStatus.Submitted;
            rows.Add(new PanelScoreRow(reviewer.Id, reviewer.Name, reviewer.Id == me, submitted, submitted ? task!.Values : null));
        }

        if (TaskApi.WantsJson(request))
        {
            return TypedResults.Ok(new { id = reviewId, researcherId, scores = rows });
        }

        var scheme = await store.SchemeAsync(review.Section, review.SchemeVersion, ct).ConfigureAwait(false);
        TokenPages.KeepTokenPrivate(request.HttpContext.Response);
        string page = await html.RenderAsync<PanelScoresPage>(new Dictionary<string, object?>
        {
            [nameof(PanelScoresPage.Review)] = review.Period.Label + ResearcherReviewActivities.SectionName(review.Section),
            [nameof(PanelScoresPage.ResearcherName)] = review.Researchers.First(r => r.Id == researcherId).Name,
            [nameof(PanelScoresPage.Indicators)] = (IReadOnlyList<SecondaryIndicator>)[.. scheme!.Indicators.Where(i => i.Source == IndicatorSource.Reviewed)],
            [nameof(PanelScoresPage.Rows)] = (IReadOnlyList<PanelScoreRow>)rows,
        }).ConfigureAwait(false);
        return Results.Content(page, "text/html; charset=utf-8");
    }

    /// <summary>GET <c>annual/{year}/{section}</c>: the section's annual results, both halves combined.</summary>
    [Function("ResearcherReviewGetAnnual")]
    public async Task<IResult> GetAnnualAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = Routes + "/annual/{year:int}/{section}")] HttpRequest request, int year, string section, CancellationToken ct)
    {
        if (!DirectoryVocabulary.ResearchSections.Contains(section))
        {
            return NoSuchSection();
        }

        var annual = AnnualScoring.Combine(
            await store.ResultsOfAsync(new ReviewPeriod(year, 1).InstanceId(section), ct).ConfigureAwait(false),
            await store.ResultsOfAsync(new ReviewPeriod(year, 2).InstanceId(section), ct).ConfigureAwait(false));
        return TypedResults.Ok(new { year, section, rule = AnnualScoring.Rule, ruleEn = AnnualScoring.RuleEn, results = annual });
    }

    /// <summary>GET <c>annual/{year}/{section}/mine</c>: the signed-in researcher's own annual result; a page, or JSON when asked for.</summary>
    [Function("ResearcherReviewGetMyAnnual")]
    public async Task<IResult> GetMyAnnualAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes + "/annual/{year:int}/{section}/mine")] HttpRequest request, int year, string section, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await SignedInAsync(request).ConfigureAwait(false) is not { } me)
        {
            return SignInFirst(request);
        }

        var annual = AnnualScoring.Combine(
            await store.ResultsOfAsync(new ReviewPeriod(year, 1).InstanceId(section), ct).ConfigureAwait(false),
            await store.ResultsOfAsync(new ReviewPeriod(year, 2).InstanceId(section), ct).ConfigureAwait(false));
        if (annual.FirstOrDefault(a => a.ResearcherId == me) is not { } mine)
        {
            return StaffPages.Refusal(request, StatusCodes.Status404NotFound, "year", "您在该年度、该学段没有已发布的结果。", "You have no published result in that year and section.");
        }

        if (!StaffPages.WantsPage(request))
        {
            return TypedResults.Ok(new { year, section, rule = AnnualScoring.Rule, ruleEn = AnnualScoring.RuleEn, result = mine, of = annual.Count });
        }

        return await StaffPages.PageAsync(html, new ResultsView(
            "我的年度考核结果",
            $"{year}年 " + ResearcherReviewActivities.SectionName(section),
            [("年度得分", F(mine.Annual)), ("名次", $"第 {mine.Rank} 名（共 {annual.Count} 人）")],
            ["半年", "总分"],
            [["上半年", mine.FirstHalf is { } h1 ? F(h1) : "未参加"], ["下半年", mine.SecondHalf is { } h2 ? F(h2) : "未参加"]])
        {
            Notes = [.. mine.Flag is null ? Array.Empty<string>() : ["说明：" + mine.Flag], "规则：" + AnnualScoring.Rule],
        }).ConfigureAwait(false);
    }

    /// <summary>POST <c>frontline-rotation</c>: starts the year's frontline-rotation round, once.</summary>
    [Function("ResearcherReviewStartRotation")]
    public async Task<IResult> StartRotationAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = Routes + "/frontline-rotation")] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await request.ReadJsonAsync<StartRotationInput>(ct).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        return await StartRoundAsync(body.Value, client, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the round <paramref name="input"/> asks for, by the route's rules (a refusal names its field and starts
    /// nothing): the JSON route and the office's form (<see cref="Office.ReviewOfficeActs"/>) both start a round through here.
    /// </summary>
    internal async Task<IResult> StartRoundAsync(StartRotationInput input, DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Year is not (>= 2000 and <= 2100))
        {
            return FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "year", YearZh, "year is required: 2000 to 2100.");
        }

        if (TableKey.Error("deciderId", input.DeciderId) is { } badDecider)
        {
            return FieldProblem.InvalidForStaff([badDecider], "轮岗未启动。", "The round was not started.");
        }

        if (input.DeciderId is { } decider && await directory.Staff.GetAsync(decider, ct).ConfigureAwait(false) is null)
        {
            return FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "deciderId", NotInDirectoryZh(decider), $"'{decider}' is not in the directory.");
        }

        string id = string.Create(CultureInfo.InvariantCulture, $"frontline-rotation-{input.Year}");
        return await StartOnceAsync(client, ResearcherReviewOrchestration.RotationName, id, new RotationRequest(input.Year.Value) { DeciderId = input.DeciderId, DecisionDays = options.RotationDecisionDays, ReminderDaysBefore = options.ReminderDaysBefore }, ct).ConfigureAwait(false)
            ? TypedResults.Accepted(id, new { id })
            : FieldProblem.ForStaff(StatusCodes.Status409Conflict, "year", $"{input.Year}年的一线轮岗已经启动，不能重复启动。", $"The round {id} has already been started.");
    }

    /// <summary>GET <c>frontline-rotation/{year}</c>: the round's status and its recorded decisions.</summary>
    [Function("ResearcherReviewGetRotation")]
    public async Task<IResult> GetRotationAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = Routes + "/frontline-rotation/{year:int}")] HttpRequest request, int year, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        string id = string.Create(CultureInfo.InvariantCulture, $"frontline-rotation-{year}");
        var instance = await client.GetInstanceAsync(id, cancellation: ct).ConfigureAwait(false);
        if (instance is null)
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "year", $"{year}年没有启动一线轮岗。", $"No frontline-rotation round was started for {year}.");
        }

        var decisions = await store.RotationDecisions.QueryAsync(Azure.Data.Tables.TableClient.CreateQueryFilter($"Year eq {year}"), ct).ConfigureAwait(false);
        return TypedResults.Ok(new
        {
            id,
            instance.RuntimeStatus,
            rule = FrontlineRotationRule.Rule,
            ruleEn = FrontlineRotationRule.RuleEn,
            decisions = decisions.OrderBy(d => d.ResearcherId, StringComparer.Ordinal),
        });
    }

    // The staff member calling, signed in or holding one of their task links (?token=); null for anyone else.
    private async Task<string?> SelfAsync(HttpRequest request) => await SignedInAsync(request).ConfigureAwait(false) ?? await LinkHolderAsync(request).ConfigureAwait(false);

    // Who a record call acts for: the office (master key) for any researcher it names, or a researcher for themselves
    // (self, from SelfAsync, read once per request).
    private async Task<(string? ResearcherId, IResult? Refused)> ActorAsync(HttpRequest request, string? named, string? self, CancellationToken ct)
    {
        string? id;
        if (IsOffice(request))
        {
            if (string.IsNullOrWhiteSpace(named))
            {
                return (null, FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, "researcherId", "代教研员登记或查看时，须填写教研员的工号。", "researcherId is required when the office acts for a researcher."));
            }

            id = named.Trim();
            if (TableKey.Refusal("researcherId", id) is { } badId)
            {
                return (null, badId);
            }
        }
        else if (self is { } me)
        {
            if (named is not null && named != me)
            {
                return (null, FieldProblem.ForStaff(StatusCodes.Status403Forbidden, "researcherId", "只能登记和查看您本人的过程记录。", "You can only log and read your own records."));
            }

            id = me;
        }
        else
        {
            return (null, SignInFirst());
        }

        return await directory.Staff.GetAsync(id, ct).ConfigureAwait(false) is { Post: "researcher" }
            ? (id, null)
            : (null, FieldProblem.ForStaff(IsOffice(request) ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status403Forbidden, "researcherId", $"“{id}”不是教研员。", $"'{id}' is not a researcher."));
    }

    private async Task<List<FieldError>> CheckRecordAsync(string? kind, DateOnly? date, string? schoolId, string? description, DateOnly today, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (!RecordKinds.All.Contains(kind ?? string.Empty))
        {
            errors.Add(Error("kind", $"must be one of: {string.Join(", ", RecordKinds.All)}.",
                $"记录类别只能是：{string.Join("、", RecordKinds.All.Select(ResearcherReviewOrchestration.RecordKindName))}。"));
        }

        if (date is null)
        {
            errors.Add(Error("date", "is required (yyyy-MM-dd).", "请填写日期（如 2027-03-15）。"));
        }
        else if (date > today)
        {
            errors.Add(Error("date", "cannot be in the future.", "日期不能晚于今天。"));
        }
        else if (date < ReviewPeriod.JustEnded(today).Start)
        {
            errors.Add(Error("date", $"must be in the current half year or the one just ended (from {ReviewPeriod.JustEnded(today).Start:yyyy-MM-dd}).",
                $"日期须在本半年或刚结束的半年内（{ReviewPeriod.JustEnded(today).Start:yyyy-MM-dd} 起）。"));
        }

        if (kind == RecordKinds.SchoolVisit && string.IsNullOrWhiteSpace(schoolId))
        {
            errors.Add(Error("schoolId", "is required for a school visit.", "下校视导须填写学校。"));
        }
        else if (!string.IsNullOrWhiteSpace(schoolId) && (!TableKey.Fits(schoolId.Trim()) || await directory.Schools.GetAsync(schoolId.Trim(), ct).ConfigureAwait(false) is null))
        {
            errors.Add(Error("schoolId", $"'{schoolId}' is not a school in the directory.", $"名录中没有学校“{schoolId}”。"));
        }

        if (string.IsNullOrWhiteSpace(description) || description.Trim().Length > 500)
        {
            errors.Add(Error("description", "is required: up to 500 characters.", "请填写记录内容，不超过 500 字。"));
        }

        return errors;
    }

    private bool IsOffice(HttpRequest request) => keys.Grants(AuthorizationLevel.Admin, FunctionKeys.Presented(request));

    // The session cookie is read here: neither host authenticates before a function runs.
    private static string F(decimal value) => ResearcherReviewActivities.Format(value);

    private static Task<string?> SignedInAsync(HttpRequest request) => StaffSession.StaffIdAsync(request.HttpContext);

    // Only a staff task's own link names its holder here. Ballot, lecture and notice links are signed with the same key
    // and name their person too, but each opens its own page only: a forwarded ballot link must not log records.
    private async Task<string?> LinkHolderAsync(HttpRequest request)
    {
        if (signer.CheckSigned(request.Query["token"].FirstOrDefault(), out var claims) != TaskTokenCheck.Valid)
        {
            return null;
        }

        var task = await tasks.GetAsync(claims!.TaskId, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return string.Equals(task?.Record.AssigneeId, claims.AssigneeId, StringComparison.Ordinal) ? claims.AssigneeId : null;
    }

    /// <summary>The header naming the office member who acts with the master key, so every change says who made it.</summary>
    public const string ActingStaffHeader = "x-acting-staff-id";

    // Office writes name the person acting: the master key says the caller may, the header says who they are.
    private async Task<(string? StaffId, IResult? Refused)> OfficeMemberAsync(HttpRequest request, CancellationToken ct)
    {
        string? id = request.Headers[ActingStaffHeader].FirstOrDefault()?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            return (null, FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, ActingStaffHeader, "请注明办理本次修改的人员工号。", "Name the office member making this change (their staff id) in the x-acting-staff-id header."));
        }

        return !TableKey.Fits(id) || await directory.Staff.GetAsync(id, ct).ConfigureAwait(false) is null
            ? (null, FieldProblem.ForStaff(StatusCodes.Status422UnprocessableEntity, ActingStaffHeader, NotInDirectoryZh(id), $"'{id}' is not in the directory."))
            : (id, null);
    }

    private const string SectionsZh = "学段只能是小学、初中或高中。";

    private const string YearZh = "请填写年份：2000 到 2100 之间。";

    private const string NoSuchReviewZh = "没有这次考核。";

    private static FieldError Error(string field, string reason, string reasonZh) => new(field, reason) { ReasonZh = reasonZh };

    private static string NotInDirectoryZh(string id) => $"名录中没有工号为“{id}”的人员。";

    private static string SectionZh(string section) => DirectoryVocabulary.SectionName(section) + "学段";

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NoSuchSection() =>
        FieldProblem.ForStaff(StatusCodes.Status404NotFound, "section", SectionsZh, "Sections are primary, junior and senior.");

    private static IResult SignInFirst(HttpRequest request) =>
        StaffPages.Refusal(request, StatusCodes.Status401Unauthorized, "session", "请先登录：在 /api/me 输入您的工作邮箱，打开邮件中的登录链接。", "Sign in first: POST your e-mail address to /api/me/sign-in.");

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult SignInFirst() =>
        FieldProblem.ForStaff(StatusCodes.Status401Unauthorized, "session", "请先登录：向 /api/me/sign-in 提交您的工作邮箱。", "Sign in first: POST your e-mail address to /api/me/sign-in.");
}
