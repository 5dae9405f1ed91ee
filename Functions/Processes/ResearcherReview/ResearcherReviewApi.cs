using Microsoft.DurableTask.Client;
using System.Globalization;
using Microsoft.DurableTask;
using EduFlows.Hosting;
using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.StaffPortal;
using EduFlows.Tasks;

namespace EduFlows.Processes.ResearcherReview;

/// <summary>
/// <c>/api/researcher-reviews</c>: schemes (read with a function key, replaced with the master key), process records
/// (a researcher signed in logs their own; the office corrects with the master key and a reason), starting reviews and
/// frontline-rotation rounds, and results (the office: all; a researcher signed in: their own only).
/// </summary>
public static class ResearcherReviewApi
{
    /// <summary>Maps the routes.</summary>
    public static RouteGroupBuilder MapResearcherReviewApi(this RouteGroupBuilder functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var reviews = functions.MapGroup("/researcher-reviews").WithTags("Researcher reviews");
        reviews.MapGet("/schemes/{section}", GetSchemeAsync).RequireKey(AuthorizationLevel.Function);
        reviews.MapPut("/schemes/{section}", PutSchemeAsync).RequireKey(AuthorizationLevel.Admin);
        reviews.MapPost("/records", AddRecordAsync);
        reviews.MapGet("/records", ListRecordsAsync);
        reviews.MapPut("/records/{recordId}", CorrectRecordAsync).RequireKey(AuthorizationLevel.Admin);
        reviews.MapPost("/", StartReviewAsync).RequireKey(AuthorizationLevel.Admin);
        reviews.MapGet("/{reviewId}", GetReviewAsync).RequireKey(AuthorizationLevel.Admin);
        reviews.MapGet("/{reviewId}/results", GetResultsAsync).RequireKey(AuthorizationLevel.Admin);
        reviews.MapGet("/{reviewId}/results/mine", GetMyResultAsync);
        reviews.MapGet("/{reviewId}/scores/{researcherId}", GetPanelScoresAsync);
        reviews.MapGet("/annual/{year:int}/{section}", GetAnnualAsync).RequireKey(AuthorizationLevel.Admin);
        reviews.MapGet("/annual/{year:int}/{section}/mine", GetMyAnnualAsync);
        reviews.MapPost("/frontline-rotation", StartRotationAsync).RequireKey(AuthorizationLevel.Admin);
        reviews.MapGet("/frontline-rotation/{year:int}", GetRotationAsync).RequireKey(AuthorizationLevel.Admin);
        return reviews;
    }

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

    private static async Task<IResult> GetSchemeAsync(string section, int? version, ResearcherReviewStore store, CancellationToken ct)
    {
        if (!DirectoryVocabulary.ResearchSections.Contains(section))
        {
            return FieldProblem.Of(StatusCodes.Status404NotFound, "section", "Sections are primary, junior and senior.");
        }

        var scheme = version is { } v ? await store.SchemeAsync(section, v, ct).ConfigureAwait(false) : await store.CurrentSchemeAsync(section, ct).ConfigureAwait(false);
        return scheme is null ? FieldProblem.Of(StatusCodes.Status404NotFound, "version", $"Section '{section}' has no scheme version {version}.") : TypedResults.Ok(scheme);
    }

    private static async Task<IResult> PutSchemeAsync(string section, ResearcherScheme scheme, HttpContext context, ResearcherReviewStore store, DirectoryStore directory, TimeProvider time, CancellationToken ct)
    {
        var (by, anonymous) = await OfficeMemberAsync(context, directory, ct).ConfigureAwait(false);
        if (anonymous is not null)
        {
            return anonymous;
        }

        var errors = SchemeValidation.Validate(scheme);
        if (scheme is not null && scheme.Section != section)
        {
            errors.Insert(0, new FieldError("section", $"must be '{section}', the section in the path."));
        }

        if (errors.Count > 0)
        {
            return FieldProblem.Invalid(errors, "The scheme is not valid; nothing was stored.");
        }

        var stored = await store.SaveSchemeAsync(scheme!, by!, time.GetUtcNow(), ct).ConfigureAwait(false);
        return TypedResults.Created(string.Create(CultureInfo.InvariantCulture, $"schemes/{section}?version={stored.Version}"), stored);
    }

    private static async Task<IResult> AddRecordAsync(
        RecordInput input, HttpContext context, ResearcherReviewStore store, DirectoryStore directory, TaskTokenSigner signer, BureauClock clock, TimeProvider time, CancellationToken ct)
    {
        var (researcherId, refused) = await ActorAsync(context, input.ResearcherId, directory, signer, ct).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        string createdBy = researcherId!;
        if (IsOffice(context))
        {
            var (by, anonymous) = await OfficeMemberAsync(context, directory, ct).ConfigureAwait(false);
            if (anonymous is not null)
            {
                return anonymous;
            }

            createdBy = by!;
        }

        var now = time.GetUtcNow();
        var errors = await CheckRecordAsync(input.Kind, input.Date, input.SchoolId, input.Description, clock.DateOf(now), directory, ct).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            return FieldProblem.Invalid(errors, "The record is not valid; nothing was stored.");
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

    private static async Task<IResult> ListRecordsAsync(
        string? researcherId, int? year, int? half, HttpContext context, ResearcherReviewStore store, DirectoryStore directory, TaskTokenSigner signer, BureauClock clock, TimeProvider time, CancellationToken ct)
    {
        var (whose, refused) = await ActorAsync(context, researcherId, directory, signer, ct).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        if (year is not (null or (>= 2000 and <= 2100)))
        {
            return FieldProblem.Of(StatusCodes.Status400BadRequest, "year", "must be 2000 to 2100.");
        }

        if (half is not (null or 1 or 2) || (half is not null && year is null))
        {
            return FieldProblem.Of(StatusCodes.Status400BadRequest, "half", "must be 1 or 2, with a year.");
        }

        var period = year is { } y ? new ReviewPeriod(y, half ?? 1) : ReviewPeriod.Containing(clock.DateOf(time.GetUtcNow()));
        var (from, to) = half is null && year is not null ? (new DateOnly(year.Value, 1, 1), new DateOnly(year.Value, 12, 31)) : (period.Start, period.End);
        var records = await store.RecordsOfAsync(whose!, from, to, ct).ConfigureAwait(false);
        return TypedResults.Ok(new { researcherId = whose, from, to, counted = records.Where(r => !r.Withdrawn).GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.Count()), records });
    }

    private static async Task<IResult> CorrectRecordAsync(
        string recordId, CorrectionInput input, HttpContext context, ResearcherReviewStore store, DirectoryStore directory, BureauClock clock, TimeProvider time, CancellationToken ct)
    {
        var (by, anonymous) = await OfficeMemberAsync(context, directory, ct).ConfigureAwait(false);
        if (anonymous is not null)
        {
            return anonymous;
        }

        var read = await store.Records.GetAsync(recordId, ct).ConfigureAwait(false);
        if (read is null)
        {
            return FieldProblem.Of(StatusCodes.Status404NotFound, "recordId", "There is no such record.");
        }

        var old = read.Record;
        var now = time.GetUtcNow();
        var errors = await CheckRecordAsync(input.Kind ?? old.Kind, input.Date ?? old.Date, input.SchoolId ?? old.SchoolId, input.Description ?? old.Description, clock.DateOf(now), directory, ct).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(input.Reason))
        {
            errors.Insert(0, new FieldError("reason", "is required: say why the record is corrected."));
        }

        if (errors.Count > 0)
        {
            return FieldProblem.Invalid(errors, "The correction is not valid; the record is unchanged.");
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
            ? FieldProblem.Of(StatusCodes.Status409Conflict, "recordId", "The record changed while it was being corrected; read it again.")
            : TypedResults.Ok(corrected);
    }

    private static async Task<IResult> StartReviewAsync(
        StartReviewInput input, DurableTaskClient client, ResearcherReviewStore store, DirectoryStore directory, ResearcherReviewOptions options, BureauClock clock, TimeProvider time, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (!DirectoryVocabulary.ResearchSections.Contains(input.Section ?? string.Empty))
        {
            errors.Add(new FieldError("section", "must be primary, junior or senior."));
        }

        if (input.Year is not (>= 2000 and <= 2100))
        {
            errors.Add(new FieldError("year", "is required: 2000 to 2100."));
        }

        if (input.Half is not (1 or 2))
        {
            errors.Add(new FieldError("half", "must be 1 or 2."));
        }

        if (errors.Count == 0 && new ReviewPeriod(input.Year!.Value, input.Half!.Value).End >= clock.DateOf(time.GetUtcNow()))
        {
            errors.Add(new FieldError("half", "has not ended yet: a half year is reviewed once it is over."));
        }

        if (input.ReviewerIds is { } given && (given.Any(string.IsNullOrWhiteSpace) || given.Distinct(StringComparer.Ordinal).Count() != given.Count))
        {
            errors.Add(new FieldError("reviewerIds", "must be staff ids, each once."));
        }

        if (errors.Count == 0 && input.SchemeVersion is { } version && await store.SchemeAsync(input.Section!, version, ct).ConfigureAwait(false) is null)
        {
            errors.Add(new FieldError("schemeVersion", $"section '{input.Section}' has no scheme version {version}."));
        }

        foreach (string id in (input.ReviewerIds ?? []).Append(input.OfficeId).Where(id => !string.IsNullOrWhiteSpace(id)).Distinct(StringComparer.Ordinal).OfType<string>())
        {
            if (await directory.Staff.GetAsync(id, ct).ConfigureAwait(false) is null)
            {
                errors.Add(new FieldError(id == input.OfficeId ? "officeId" : "reviewerIds", $"'{id}' is not in the directory."));
            }
        }

        if (input.ReviewerIds is { Count: < 2 })
        {
            errors.Add(new FieldError("reviewerIds", "needs at least two reviewers, so that nobody is left without one."));
        }

        if (errors.Count > 0)
        {
            return FieldProblem.Invalid(errors, "The review cannot start; nothing was started.");
        }

        var request = options.Request(input.Section!, input.Year!.Value, input.Half!.Value) with { SchemeVersion = input.SchemeVersion, ReviewerIds = input.ReviewerIds, OfficeId = input.OfficeId };
        return await StartOnceAsync(client, ResearcherReviewOrchestration.Name, request.Period.InstanceId(request.Section), request, ct).ConfigureAwait(false)
            ? TypedResults.Accepted(request.Period.InstanceId(request.Section), new { id = request.Period.InstanceId(request.Section) })
            : FieldProblem.Of(StatusCodes.Status409Conflict, "half", $"The review {request.Period.InstanceId(request.Section)} has already been started.");
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

    private static async Task<IResult> GetReviewAsync(string reviewId, ResearcherReviewStore store, DurableTaskClient client, CancellationToken ct)
    {
        var review = (await store.Reviews.GetAsync(reviewId, ct).ConfigureAwait(false))?.Record;
        var instance = await client.GetInstanceAsync(reviewId, cancellation: ct).ConfigureAwait(false);
        if (review is null && instance is null)
        {
            return FieldProblem.Of(StatusCodes.Status404NotFound, "reviewId", "There is no such review.");
        }

        return TypedResults.Ok(new
        {
            id = reviewId,
            runtimeStatus = instance?.RuntimeStatus,
            customStatus = instance?.SerializedCustomStatus is { } s ? System.Text.Json.JsonDocument.Parse(s).RootElement : (System.Text.Json.JsonElement?)null,
            review,
        });
    }

    private static async Task<IResult> GetResultsAsync(string reviewId, ResearcherReviewStore store, CancellationToken ct)
    {
        var review = (await store.Reviews.GetAsync(reviewId, ct).ConfigureAwait(false))?.Record;
        if (review is not { PublishedAt: not null })
        {
            return FieldProblem.Of(StatusCodes.Status404NotFound, "reviewId", review is null ? "There is no such review." : "The review's results are not published yet.");
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
            reviewerFlags = rows.SelectMany(r => r.ReviewerFlags),
            results = rows.Select(r => r.Result),
        });
    }

    private static async Task<IResult> GetMyResultAsync(string reviewId, HttpContext context, ResearcherReviewStore store, CancellationToken ct)
    {
        if (SignedIn(context) is not { } me)
        {
            return SignInFirst();
        }

        var row = (await store.Results.GetAsync($"{reviewId}.{me}", ct).ConfigureAwait(false))?.Record;
        return row is null
            ? FieldProblem.Of(StatusCodes.Status404NotFound, "reviewId", "You have no published result in this review.")
            : TypedResults.Ok(new { id = reviewId, row.Section, row.Period, missingInputRule = ReviewScoring.MissingInputRule, result = row.Result });
    }

    private static async Task<IResult> GetPanelScoresAsync(
        string reviewId, string researcherId, string? token, HttpContext context, ResearcherReviewStore store, StaffTaskStore tasks, TaskTokenSigner signer, HtmlRendering html, CancellationToken ct)
    {
        var review = (await store.Reviews.GetAsync(reviewId, ct).ConfigureAwait(false))?.Record;
        if (review is null || review.Researchers.All(r => r.Id != researcherId))
        {
            return FieldProblem.Of(StatusCodes.Status404NotFound, "researcherId", "There is no such researcher in this review.");
        }

        // The reader is the signed-in staff member, or the reviewer whose scoring-task link token this is.
        string prefix = ResearcherReviewOrchestration.TaskPrefix(review.Period, review.Section);
        string? me = SignedIn(context);
        if (me is null && token is not null)
        {
            me = review.Reviewers.Select(r => signer.Check(token, ResearcherReviewOrchestration.ScoringTaskId(prefix, r.Id, researcherId), out var claims) == TaskTokenCheck.Valid ? claims!.AssigneeId : null)
                .FirstOrDefault(id => id is not null);
        }

        if (me is null)
        {
            return token is null ? SignInFirst() : FieldProblem.Of(StatusCodes.Status403Forbidden, "token", "This link is not a scoring task of this researcher, or it has expired; sign in instead.");
        }

        var mine = (await tasks.GetAsync(ResearcherReviewOrchestration.ScoringTaskId(prefix, me, researcherId), ct).ConfigureAwait(false))?.Record;
        if (mine is not { Status: StaffTaskStatus.Submitted })
        {
            return FieldProblem.Of(StatusCodes.Status403Forbidden, "researcherId", mine is null
                ? "You are not a reviewer of this researcher."
                : "Submit your own scores first; the other reviewers' scores are shown after that.");
        }

        var rows = new List<PanelScoreRow>();
        foreach (var reviewer in review.Reviewers.Where(r => r.Id != researcherId))
        {
            var task = (await tasks.GetAsync(ResearcherReviewOrchestration.ScoringTaskId(prefix, reviewer.Id, researcherId), ct).ConfigureAwait(false))?.Record;
            bool submitted = task?.Status == StaffTaskStatus.Submitted;
            rows.Add(new PanelScoreRow(reviewer.Id, reviewer.Name, reviewer.Id == me, submitted, submitted ? task!.Values : null));
        }

        if (TaskApi.WantsJson(context.Request))
        {
            return TypedResults.Ok(new { id = reviewId, researcherId, scores = rows });
        }

        var scheme = await store.SchemeAsync(review.Section, review.SchemeVersion, ct).ConfigureAwait(false);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        string page = await html.RenderAsync<PanelScoresPage>(new Dictionary<string, object?>
        {
            [nameof(PanelScoresPage.Review)] = review.Period.Label + ResearcherReviewActivities.SectionName(review.Section),
            [nameof(PanelScoresPage.ResearcherName)] = review.Researchers.First(r => r.Id == researcherId).Name,
            [nameof(PanelScoresPage.Indicators)] = (IReadOnlyList<SecondaryIndicator>)[.. scheme!.Indicators.Where(i => i.Source == IndicatorSource.Reviewed)],
            [nameof(PanelScoresPage.Rows)] = (IReadOnlyList<PanelScoreRow>)rows,
        }).ConfigureAwait(false);
        return Results.Content(page, "text/html; charset=utf-8");
    }

    private static async Task<IResult> GetAnnualAsync(int year, string section, ResearcherReviewStore store, CancellationToken ct)
    {
        if (!DirectoryVocabulary.ResearchSections.Contains(section))
        {
            return FieldProblem.Of(StatusCodes.Status404NotFound, "section", "Sections are primary, junior and senior.");
        }

        var annual = AnnualScoring.Combine(
            await store.ResultsOfAsync(new ReviewPeriod(year, 1).InstanceId(section), ct).ConfigureAwait(false),
            await store.ResultsOfAsync(new ReviewPeriod(year, 2).InstanceId(section), ct).ConfigureAwait(false));
        return TypedResults.Ok(new { year, section, rule = AnnualScoring.Rule, results = annual });
    }

    private static async Task<IResult> GetMyAnnualAsync(int year, string section, HttpContext context, ResearcherReviewStore store, CancellationToken ct)
    {
        if (SignedIn(context) is not { } me)
        {
            return SignInFirst();
        }

        var annual = AnnualScoring.Combine(
            await store.ResultsOfAsync(new ReviewPeriod(year, 1).InstanceId(section), ct).ConfigureAwait(false),
            await store.ResultsOfAsync(new ReviewPeriod(year, 2).InstanceId(section), ct).ConfigureAwait(false));
        return annual.FirstOrDefault(a => a.ResearcherId == me) is { } mine
            ? TypedResults.Ok(new { year, section, rule = AnnualScoring.Rule, result = mine, of = annual.Count })
            : FieldProblem.Of(StatusCodes.Status404NotFound, "year", "You have no published result in that year and section.");
    }

    private static async Task<IResult> StartRotationAsync(StartRotationInput input, DurableTaskClient client, DirectoryStore directory, ResearcherReviewOptions options, CancellationToken ct)
    {
        if (input.Year is not (>= 2000 and <= 2100))
        {
            return FieldProblem.Of(StatusCodes.Status422UnprocessableEntity, "year", "is required: 2000 to 2100.");
        }

        if (input.DeciderId is { } decider && await directory.Staff.GetAsync(decider, ct).ConfigureAwait(false) is null)
        {
            return FieldProblem.Of(StatusCodes.Status422UnprocessableEntity, "deciderId", $"'{decider}' is not in the directory.");
        }

        string id = string.Create(CultureInfo.InvariantCulture, $"frontline-rotation-{input.Year}");
        return await StartOnceAsync(client, ResearcherReviewOrchestration.RotationName, id, new RotationRequest(input.Year.Value) { DeciderId = input.DeciderId, DecisionDays = options.RotationDecisionDays, ReminderDaysBefore = options.ReminderDaysBefore }, ct).ConfigureAwait(false)
            ? TypedResults.Accepted(id, new { id })
            : FieldProblem.Of(StatusCodes.Status409Conflict, "year", $"The round {id} has already been started.");
    }

    private static async Task<IResult> GetRotationAsync(int year, ResearcherReviewStore store, DurableTaskClient client, CancellationToken ct)
    {
        string id = string.Create(CultureInfo.InvariantCulture, $"frontline-rotation-{year}");
        var instance = await client.GetInstanceAsync(id, cancellation: ct).ConfigureAwait(false);
        if (instance is null)
        {
            return FieldProblem.Of(StatusCodes.Status404NotFound, "year", $"No frontline-rotation round was started for {year}.");
        }

        var decisions = await store.RotationDecisions.QueryAsync(Azure.Data.Tables.TableClient.CreateQueryFilter($"Year eq {year}"), ct).ConfigureAwait(false);
        return TypedResults.Ok(new
        {
            id,
            instance.RuntimeStatus,
            rule = $"Researchers over {FrontlineRotationRule.OverAge} with at least {FrontlineRotationRule.MinYearsInPost} years in post.",
            decisions = decisions.OrderBy(d => d.ResearcherId, StringComparer.Ordinal),
        });
    }

    // Who a record call acts for: the office (master key) for any researcher it names, or a researcher for themselves,
    // signed in or holding one of their task links (?token=).
    private static async Task<(string? ResearcherId, IResult? Refused)> ActorAsync(HttpContext context, string? named, DirectoryStore directory, TaskTokenSigner signer, CancellationToken ct)
    {
        string? id;
        if (IsOffice(context))
        {
            if (string.IsNullOrWhiteSpace(named))
            {
                return (null, FieldProblem.Of(StatusCodes.Status422UnprocessableEntity, "researcherId", "is required when the office acts for a researcher."));
            }

            id = named.Trim();
        }
        else if ((SignedIn(context) ?? LinkHolder(context, signer)) is { } me)
        {
            if (named is not null && named != me)
            {
                return (null, FieldProblem.Of(StatusCodes.Status403Forbidden, "researcherId", "You can only log and read your own records."));
            }

            id = me;
        }
        else
        {
            return (null, SignInFirst());
        }

        return await directory.Staff.GetAsync(id, ct).ConfigureAwait(false) is { Post: "researcher" }
            ? (id, null)
            : (null, FieldProblem.Of(IsOffice(context) ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status403Forbidden, "researcherId", $"'{id}' is not a researcher."));
    }

    private static async Task<List<FieldError>> CheckRecordAsync(string? kind, DateOnly? date, string? schoolId, string? description, DateOnly today, DirectoryStore directory, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (!RecordKinds.All.Contains(kind ?? string.Empty))
        {
            errors.Add(new FieldError("kind", $"must be one of: {string.Join(", ", RecordKinds.All)}."));
        }

        if (date is null)
        {
            errors.Add(new FieldError("date", "is required (yyyy-MM-dd)."));
        }
        else if (date > today)
        {
            errors.Add(new FieldError("date", "cannot be in the future."));
        }
        else if (date < ReviewPeriod.JustEnded(today).Start)
        {
            errors.Add(new FieldError("date", $"must be in the current half year or the one just ended (from {ReviewPeriod.JustEnded(today).Start:yyyy-MM-dd})."));
        }

        if (kind == RecordKinds.SchoolVisit && string.IsNullOrWhiteSpace(schoolId))
        {
            errors.Add(new FieldError("schoolId", "is required for a school visit."));
        }
        else if (!string.IsNullOrWhiteSpace(schoolId) && await directory.Schools.GetAsync(schoolId.Trim(), ct).ConfigureAwait(false) is null)
        {
            errors.Add(new FieldError("schoolId", $"'{schoolId}' is not a school in the directory."));
        }

        if (string.IsNullOrWhiteSpace(description) || description.Trim().Length > 500)
        {
            errors.Add(new FieldError("description", "is required: up to 500 characters."));
        }

        return errors;
    }

    private static bool IsOffice(HttpContext context) =>
        context.RequestServices.GetRequiredService<FunctionKeys>().Grants(AuthorizationLevel.Admin, FunctionKeys.Presented(context.Request));

    private static string? SignedIn(HttpContext context) => SignInApi.StaffIdOf(context.User);

    private static string? LinkHolder(HttpContext context, TaskTokenSigner signer) =>
        signer.CheckSigned(context.Request.Query["token"].FirstOrDefault(), out var claims) == TaskTokenCheck.Valid ? claims!.AssigneeId : null;

    /// <summary>The header naming the office member who acts with the master key, so every change says who made it.</summary>
    public const string ActingStaffHeader = "x-acting-staff-id";

    // Office writes name the person acting: the master key says the caller may, the header says who they are.
    private static async Task<(string? StaffId, IResult? Refused)> OfficeMemberAsync(HttpContext context, DirectoryStore directory, CancellationToken ct)
    {
        string? id = context.Request.Headers[ActingStaffHeader].FirstOrDefault()?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            return (null, FieldProblem.Of(StatusCodes.Status422UnprocessableEntity, ActingStaffHeader, "Name the office member making this change (their staff id) in the x-acting-staff-id header."));
        }

        return await directory.Staff.GetAsync(id, ct).ConfigureAwait(false) is null
            ? (null, FieldProblem.Of(StatusCodes.Status422UnprocessableEntity, ActingStaffHeader, $"'{id}' is not in the directory."))
            : (id, null);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult SignInFirst() =>
        FieldProblem.Of(StatusCodes.Status401Unauthorized, "session", "Sign in first: POST your e-mail address to /api/me/sign-in.");
}
