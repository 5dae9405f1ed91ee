using System.Globalization;
using EduFlows.Durable;
using EduFlows.Hosting;
using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.StaffPortal;
using EduFlows.Tasks;

namespace EduFlows.Processes.ShadowTraining;

/// <summary>
/// <c>/api/shadow-training</c>: administrators (master key) define a batch, preview and adjust its placements, confirm
/// it, decide deferrals, follow it and read its reports; a completed trainee opens their certificate by its signed link
/// or signed in (administrators with the master key).
/// </summary>
public static class ShadowTrainingApi
{
    private const int MaxCapacity = 50;

    /// <summary>Maps the routes under the function route group.</summary>
    public static RouteGroupBuilder MapShadowTrainingApi(this RouteGroupBuilder functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var shadow = functions.MapGroup("/shadow-training").WithTags("ShadowTraining");
        var admin = shadow.MapGroup(string.Empty).RequireKey(AuthorizationLevel.Admin);
        admin.MapPut("/batches/{batchId}", DefineAsync);
        admin.MapGet("/batches/{batchId}", GetAsync);
        admin.MapPost("/batches/{batchId}/placements/{traineeId}", AdjustAsync);
        admin.MapPost("/batches/{batchId}/confirm", ConfirmAsync);
        admin.MapPost("/batches/{batchId}/deferrals/{traineeId}", DecideDeferralAsync);
        admin.MapGet("/batches/{batchId}/status", StatusAsync);
        admin.MapGet("/batches/{batchId}/report", BatchReportAsync);
        admin.MapGet("/reports/{year}", YearReportAsync);
        admin.MapGet("/reserve-pool/{staffId}", async (string staffId, ShadowTrainingStore store, CancellationToken ct) =>
            TypedResults.Ok(await store.FileOfAsync(staffId, ct).ConfigureAwait(false)));
        shadow.MapGet("/certificates/{batchId}/{traineeId}", CertificateAsync).AddEndpointFilter(TaskApi.KeepTokenPrivateAsync);
        return shadow;
    }

    /// <summary>True when <paramref name="batchId"/> is "yyyy-MM".</summary>
    public static bool IsBatchId(string batchId) =>
        DateOnly.TryParseExact(batchId + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) && batchId.Length == 7;

    private static async Task<IResult> DefineAsync(
        string batchId, BatchDefinition definition, ShadowTrainingStore store, DirectoryStore directory, ShadowTrainingOptions options, TimeProvider time, BureauClock clock,
        CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (!IsBatchId(batchId))
        {
            errors.Add(new FieldError("batchId", "must be yyyy-MM, the month of the batch's week (e.g. 2026-05)."));
        }

        CheckWeek(batchId, definition.WeekStart, options, time, clock, errors);
        if (definition.OwnerId is { } owner && await directory.Staff.GetAsync(owner, ct).ConfigureAwait(false) is null)
        {
            errors.Add(new FieldError("ownerId", $"'{owner}' is not in the directory."));
        }

        var people = await CandidatesAsync(definition.Candidates, directory, errors, ct).ConfigureAwait(false);
        var bases = await BasesAsync(definition.Bases, directory, errors, ct).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            return FieldProblem.Invalid(errors, "The batch definition is invalid");
        }

        var existing = await store.Batches.GetAsync(batchId, ct).ConfigureAwait(false);
        if (existing is { Record.Status: not BatchStatus.Draft })
        {
            return FieldProblem.Of(StatusCodes.Status409Conflict, "batchId", $"Batch {batchId} is {existing.Record.Status.ToString().ToLowerInvariant()}; it can no longer be redefined.");
        }

        // Trainees deferred from an earlier batch, or offered a make-up place, move into this one.
        var carried = (await store.WaitingAsync(ct).ConfigureAwait(false))
            .Where(c => string.CompareOrdinal(c.FromBatch, batchId) < 0)
            .OrderBy(c => c.FromBatch, StringComparer.Ordinal)
            .ThenBy(c => c.TraineeId, StringComparer.Ordinal)
            .GroupBy(c => c.TraineeId, StringComparer.Ordinal)
            .Select(g => g.Last())
            .ToList();
        foreach (var c in carried.Where(c => people.All(p => p.Id != c.TraineeId)))
        {
            if (await directory.Staff.GetAsync(c.TraineeId, ct).ConfigureAwait(false) is { } person)
            {
                people.Add(person);
            }
        }

        var candidates = new List<PlacementCandidate>();
        foreach (var person in people)
        {
            var school = person.SchoolId is null ? null : await directory.Schools.GetAsync(person.SchoolId, ct).ConfigureAwait(false);
            candidates.Add(new PlacementCandidate(person.Id, person.Name, person.SchoolId, school?.Name, school?.Section ?? person.Section));
        }

        var placed = PlacementRule.Place(candidates, [.. bases.Select(b => b.ForPlacement())]);
        if (placed.Refusal is { } refusal)
        {
            return FieldProblem.Invalid([refusal], "The batch cannot be placed");
        }

        var batch = new ShadowBatch
        {
            Id = batchId,
            WeekStart = definition.WeekStart!.Value,
            Candidates = candidates,
            Bases = bases,
            Placements = placed.Placements,
            CarriedOver = [.. carried.Where(c => people.Any(p => p.Id == c.TraineeId))],
            OwnerId = definition.OwnerId,
            Status = BatchStatus.Draft,
            DefinedAt = time.GetUtcNow(),
        };
        bool stored = existing is null
            ? await store.Batches.TryAddAsync(batch, ct).ConfigureAwait(false)
            : await store.Batches.TryReplaceAsync(batch, existing.ETag, ct).ConfigureAwait(false) is not null;
        if (!stored)
        {
            return FieldProblem.Of(StatusCodes.Status409Conflict, "batchId", $"Batch {batchId} was changed meanwhile; read it and try again.");
        }

        return existing is null ? TypedResults.Created($"{batchId}", batch) : TypedResults.Ok(batch);
    }

    private static async Task<IResult> GetAsync(string batchId, ShadowTrainingStore store, CancellationToken ct) =>
        await store.Batches.GetAsync(batchId, ct).ConfigureAwait(false) is { } batch ? TypedResults.Ok(batch.Record) : NoBatch(batchId);

    private static async Task<IResult> AdjustAsync(string batchId, string traineeId, PlacementChange change, ShadowTrainingStore store, CancellationToken ct)
    {
        var read = await store.Batches.GetAsync(batchId, ct).ConfigureAwait(false);
        if (read is null)
        {
            return NoBatch(batchId);
        }

        var batch = read.Record;
        if (batch.Status != BatchStatus.Draft)
        {
            return FieldProblem.Of(StatusCodes.Status409Conflict, "batchId", $"Batch {batchId} is confirmed; placements can no longer change.");
        }

        var adjusted = PlacementRule.Adjust(batch.Placements, batch.Candidates, [.. batch.Bases.Select(b => b.ForPlacement())], traineeId, change.BaseId ?? string.Empty);
        if (adjusted.Refusal is { } refusal)
        {
            return refusal.Field == "traineeId"
                ? FieldProblem.Of(StatusCodes.Status404NotFound, refusal.Field, refusal.Reason)
                : FieldProblem.Invalid([refusal], "The placement cannot change");
        }

        var changed = batch with { Placements = adjusted.Placements };
        return await store.Batches.TryReplaceAsync(changed, read.ETag, ct).ConfigureAwait(false) is null
            ? FieldProblem.Of(StatusCodes.Status409Conflict, "batchId", $"Batch {batchId} was changed meanwhile; read it and try again.")
            : TypedResults.Ok(changed);
    }

    private static async Task<IResult> ConfirmAsync(
        string batchId, ShadowTrainingStore store, DirectoryStore directory, DurableTaskClient client, ShadowTrainingOptions options, TimeProvider time, BureauClock clock,
        CancellationToken ct)
    {
        var read = await store.Batches.GetAsync(batchId, ct).ConfigureAwait(false);
        if (read is null)
        {
            return NoBatch(batchId);
        }

        var batch = read.Record;
        if (batch.Status != BatchStatus.Draft)
        {
            return FieldProblem.Of(StatusCodes.Status409Conflict, "batchId", $"Batch {batchId} is already confirmed.");
        }

        var schedule = WeekSchedule.For(batch.WeekStart, clock.Zone, options);
        if (schedule.ConfirmBy <= time.GetUtcNow().UtcDateTime)
        {
            return FieldProblem.Invalid([new FieldError("weekStart", $"is too soon to confirm: trainees answer by {clock.Format(schedule.ConfirmBy)}, which has passed. Define the batch for a later week.")], "The batch cannot be confirmed");
        }

        var runs = new List<TraineeRun>();
        foreach (var placement in batch.Placements)
        {
            var candidate = batch.Candidates.Single(c => c.StaffId == placement.TraineeId);
            var school = candidate.SchoolId is null ? null : await directory.Schools.GetAsync(candidate.SchoolId, ct).ConfigureAwait(false);
            var place = batch.Bases.Single(b => b.BaseId == placement.BaseId);
            string mentorName = (await directory.Staff.GetAsync(place.MentorId, ct).ConfigureAwait(false))?.Name ?? place.MentorId;
            runs.Add(new TraineeRun(
                batchId, candidate.StaffId, candidate.Name, candidate.SchoolName, school?.PrincipalId, place.BaseId, place.Name, place.MentorId, mentorName, batch.OwnerId, schedule, options));
        }

        string instanceId = ShadowBatch.InstanceIdOf(batchId);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(ShadowTraining.Name, new BatchRun(batchId, batch.WeekStart, runs), new StartOrchestrationOptions(instanceId), ct).ConfigureAwait(false);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return FieldProblem.Of(StatusCodes.Status409Conflict, "batchId", $"Batch {batchId} is already running as {instanceId}.");
        }

        // The instance id admits one start; the record follows it (retried against concurrent readers' writes).
        while (await store.Batches.TryReplaceAsync(batch with { Status = BatchStatus.Confirmed, ConfirmedAt = time.GetUtcNow() }, read.ETag, ct).ConfigureAwait(false) is null)
        {
            read = await store.Batches.GetAsync(batchId, ct).ConfigureAwait(false) ?? throw new InvalidOperationException($"Batch {batchId} disappeared.");
            batch = read.Record;
        }

        foreach (var carried in batch.CarriedOver)
        {
            if (await store.Carryovers.GetAsync(carried.Id, ct).ConfigureAwait(false) is { Record.TakenBy: null } waiting)
            {
                await store.Carryovers.TryReplaceAsync(waiting.Record with { TakenBy = batchId }, waiting.ETag, ct).ConfigureAwait(false);
            }
        }

        return TypedResults.Accepted($"{batchId}/status", new { batchId, instanceId, trainees = runs.Count, confirmBy = clock.Format(schedule.ConfirmBy) });
    }

    private static async Task<IResult> DecideDeferralAsync(string batchId, string traineeId, DeferralDecision decision, DurableTaskClient client, CancellationToken ct)
    {
        string instanceId = TraineeRun.InstanceIdOf(batchId, traineeId);
        var instance = await client.GetInstanceAsync(instanceId, cancellationToken: ct).ConfigureAwait(false);
        if (instance is null)
        {
            return FieldProblem.Of(StatusCodes.Status404NotFound, "traineeId", $"'{traineeId}' has no week in batch {batchId}.");
        }

        var progress = instance.ReadCustomStatusAs<TraineeProgress>();
        if (!instance.IsRunning || progress?.Stage != "deferral-requested")
        {
            return FieldProblem.Of(StatusCodes.Status409Conflict, "traineeId", $"{progress?.TraineeName ?? traineeId} has no deferral request waiting for a decision (stage: {progress?.Stage ?? instance.RuntimeStatus.ToString()}).");
        }

        await client.RaiseEventAsync(instanceId, ShadowTraining.DeferralEvent, decision, ct).ConfigureAwait(false);
        return TypedResults.Accepted($"../status", new { batchId, traineeId, decision.Approve });
    }

    private static async Task<IResult> StatusAsync(string batchId, ShadowTrainingStore store, DurableTaskClient client, CancellationToken ct)
    {
        if (await store.Batches.GetAsync(batchId, ct).ConfigureAwait(false) is not { } read)
        {
            return NoBatch(batchId);
        }

        var batch = read.Record;
        var instance = await client.GetInstanceAsync(ShadowBatch.InstanceIdOf(batchId), cancellationToken: ct).ConfigureAwait(false);
        var trainees = new List<TraineeProgress>();
        foreach (var placement in batch.Placements)
        {
            var child = await client.GetInstanceAsync(TraineeRun.InstanceIdOf(batchId, placement.TraineeId), cancellationToken: ct).ConfigureAwait(false);
            if (child?.ReadCustomStatusAs<TraineeProgress>() is { } progress)
            {
                trainees.Add(progress);
            }
        }

        return TypedResults.Ok(new
        {
            batchId,
            status = batch.Status,
            instanceId = ShadowBatch.InstanceIdOf(batchId),
            runtimeStatus = instance?.RuntimeStatus,
            batch = instance?.ReadCustomStatusAs<BatchProgress>(),
            trainees,
        });
    }

    private static async Task<IResult> BatchReportAsync(string batchId, ShadowTrainingStore store, CancellationToken ct)
    {
        if (await store.Batches.GetAsync(batchId, ct).ConfigureAwait(false) is not { } read)
        {
            return NoBatch(batchId);
        }

        return TypedResults.Ok(ShadowTrainingReport.ForBatch(batchId, read.Record.WeekStart, await store.TraineesOfBatchAsync(batchId, ct).ConfigureAwait(false)));
    }

    private static async Task<IResult> YearReportAsync(string year, ShadowTrainingStore store, CancellationToken ct)
    {
        if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out int y) || y is < 2000 or > 2100)
        {
            return FieldProblem.Invalid([new FieldError("year", "must be a year between 2000 and 2100.")], "The report cannot be made");
        }

        return TypedResults.Ok(ShadowTrainingReport.ForYear(y, await store.TraineesOfYearAsync(y, ct).ConfigureAwait(false)));
    }

    private static async Task<IResult> CertificateAsync(
        string batchId, string traineeId, string? token, HttpContext context, FunctionKeys keys, CertificateLinks links, ShadowTrainingStore store, HtmlRendering html, BureauClock clock,
        CancellationToken ct)
    {
        string? signedIn = context.User.FindFirst(SignInApi.StaffIdClaim)?.Value;
        bool allowed = keys.Grants(AuthorizationLevel.Admin, FunctionKeys.Presented(context.Request))
            || links.Opens(token, batchId, traineeId)
            || signedIn == traineeId;
        if (!allowed)
        {
            return signedIn is not null && string.IsNullOrEmpty(token)
                ? FieldProblem.Of(StatusCodes.Status403Forbidden, "session", "A certificate is shown to its holder and to administrators only.")
                : FieldProblem.Of(StatusCodes.Status401Unauthorized, "token", "Open the certificate from the link in your mail, sign in at /api/me, or use a master key.");
        }

        var record = (await store.Trainees.GetAsync(TraineeRecord.IdOf(batchId, traineeId), ct).ConfigureAwait(false))?.Record;
        if (record is not { Status: TraineeStatus.Completed })
        {
            return FieldProblem.Of(StatusCodes.Status404NotFound, "traineeId", $"'{traineeId}' has no certificate from batch {batchId}.");
        }

        var issued = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(record.RecordedAt, clock.Zone).DateTime);
        string page = await html.RenderAsync<CertificatePage>(new Dictionary<string, object?>
        {
            [nameof(CertificatePage.Record)] = record,
            [nameof(CertificatePage.IssuedOn)] = issued,
        }).ConfigureAwait(false);
        return Results.Content(page, "text/html; charset=utf-8");
    }

    private static void CheckWeek(string batchId, DateOnly? weekStart, ShadowTrainingOptions options, TimeProvider time, BureauClock clock, List<FieldError> errors)
    {
        if (weekStart is not { } monday)
        {
            errors.Add(new FieldError("weekStart", "is required: the Monday of the week (yyyy-MM-dd)."));
        }
        else if (monday.DayOfWeek != DayOfWeek.Monday)
        {
            errors.Add(new FieldError("weekStart", $"must be a Monday; {monday:yyyy-MM-dd} is a {monday.DayOfWeek}."));
        }
        else if (IsBatchId(batchId) && monday.ToString("yyyy-MM", CultureInfo.InvariantCulture) != batchId)
        {
            errors.Add(new FieldError("weekStart", $"must be in the batch's month {batchId}."));
        }
        else if (WeekSchedule.For(monday, clock.Zone, options).ConfirmBy <= time.GetUtcNow().UtcDateTime)
        {
            errors.Add(new FieldError("weekStart", $"is too soon: trainees must be able to confirm by {clock.Format(WeekSchedule.For(monday, clock.Zone, options).ConfirmBy)}, which has passed."));
        }
    }

    private static async Task<List<StaffMember>> CandidatesAsync(IReadOnlyList<string>? ids, DirectoryStore directory, List<FieldError> errors, CancellationToken ct)
    {
        var people = new List<StaffMember>();
        if (ids is null || ids.Count == 0)
        {
            errors.Add(new FieldError("candidates", "list at least one staff id."));
            return people;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < ids.Count; i++)
        {
            string field = $"candidates[{i}]";
            if (string.IsNullOrWhiteSpace(ids[i]))
            {
                errors.Add(new FieldError(field, "is blank."));
            }
            else if (!seen.Add(ids[i]))
            {
                errors.Add(new FieldError(field, $"'{ids[i]}' is listed twice."));
            }
            else if (await directory.Staff.GetAsync(ids[i], ct).ConfigureAwait(false) is { } person)
            {
                people.Add(person);
            }
            else
            {
                errors.Add(new FieldError(field, $"'{ids[i]}' is not in the directory."));
            }
        }

        return people;
    }

    private static async Task<List<BatchBase>> BasesAsync(IReadOnlyList<BaseDefinition>? definitions, DirectoryStore directory, List<FieldError> errors, CancellationToken ct)
    {
        var all = await directory.TrainingBases.AllAsync(ct).ConfigureAwait(false);
        definitions ??= [.. all.OrderBy(b => b.Id, StringComparer.Ordinal).Select(b => new BaseDefinition(b.Id, null, null))];
        if (definitions.Count == 0)
        {
            errors.Add(new FieldError("bases", "list at least one training base (or leave it out for all of them)."));
        }

        var bases = new List<BatchBase>();
        for (int i = 0; i < definitions.Count; i++)
        {
            var d = definitions[i];
            var known = all.FirstOrDefault(b => b.Id == d.BaseId);
            if (known is null)
            {
                errors.Add(new FieldError($"bases[{i}].baseId", $"'{d.BaseId}' is not a training base ({string.Join(", ", all.Select(b => b.Id).Order(StringComparer.Ordinal))})."));
                continue;
            }

            if (bases.Any(b => b.BaseId == known.Id))
            {
                errors.Add(new FieldError($"bases[{i}].baseId", $"'{known.Id}' is listed twice."));
                continue;
            }

            int capacity = d.Capacity ?? known.Capacity;
            if (capacity is < 1 or > MaxCapacity)
            {
                errors.Add(new FieldError($"bases[{i}].capacity", $"must be between 1 and {MaxCapacity}."));
                continue;
            }

            var school = await directory.Schools.GetAsync(known.SchoolId, ct).ConfigureAwait(false);
            string? mentor = d.MentorId ?? school?.PrincipalId;
            if (mentor is null)
            {
                errors.Add(new FieldError($"bases[{i}].mentorId", $"name a mentor: {known.Name} has no principal in the directory."));
                continue;
            }

            if (await directory.Staff.GetAsync(mentor, ct).ConfigureAwait(false) is null)
            {
                errors.Add(new FieldError($"bases[{i}].mentorId", $"'{mentor}' is not in the directory."));
                continue;
            }

            bases.Add(new BatchBase(known.Id, known.Name, known.SchoolId, school?.Section ?? string.Empty, capacity, mentor));
        }

        return bases;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NoBatch(string batchId) => FieldProblem.Of(StatusCodes.Status404NotFound, "batchId", $"There is no batch {batchId}.");
}

/// <summary>An administrator's move of one trainee.</summary>
/// <param name="BaseId">The base to move to.</param>
public sealed record PlacementChange(string? BaseId);
