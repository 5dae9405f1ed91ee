using Microsoft.DurableTask.Client;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.DurableTask;
using EduFlows.Hosting;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;

namespace EduFlows.Processes.ShadowTraining;

/// <summary>
/// What administrators do to a batch before its week: define it (placing the candidates and anyone waiting from an
/// earlier batch), adjust a placement, and confirm it (starting <c>shadow-training-yyyy-MM</c>). Every change is one
/// ETag-guarded write; a refused change writes nothing.
/// </summary>
public sealed class BatchDesk(
    ShadowTrainingStore store, DirectoryStore directory, ShadowTrainingOptions options, TimeProvider time, BureauClock clock)
{
    private const int MaxCapacity = 50;

    // The refusals' titles in Chinese, beside the English ones the office's scripts read.
    private const string DefinitionInvalidZh = "批次设置有误";
    private const string CannotPlaceZh = "批次无法安排";
    private const string PlacementUnchangedZh = "安排不能调整";
    private const string CannotConfirmZh = "批次不能确认";

    /// <summary>A principal for fewer whole years than this is a new principal, who may be trained besides the reserve pool.</summary>
    public const int NewPrincipalYears = 3;

    /// <summary>Who is recorded as adjusting a placement when the administrator did not name themselves.</summary>
    public const string ByMasterKey = "administrator (master key)";

    /// <summary>The most candidates a batch takes (including those carried over), so its record fits one table row.</summary>
    public const int MaxCandidates = 60;

    /// <summary>True when <paramref name="batchId"/> is "yyyy-MM".</summary>
    public static bool IsBatchId(string batchId) =>
        batchId?.Length == 7 && DateOnly.TryParseExact(batchId + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>Defines (or, while a draft, redefines) a batch and places its trainees.</summary>
    public async Task<BatchDeskResult> DefineAsync(string batchId, BatchDefinition definition, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new List<FieldError>();
        if (!IsBatchId(batchId))
        {
            errors.Add(Error("batchId", "must be yyyy-MM, the month of the batch's week (e.g. 2026-05).", "批次编号须写作“年-月”，即培训周所在的月份（如 2026-05）。"));
        }

        CheckWeek(batchId, definition.WeekStart, errors);
        if (definition.OwnerId is { } owner && await directory.Staff.GetAsync(owner, ct).ConfigureAwait(false) is null)
        {
            errors.Add(Error("ownerId", $"'{owner}' is not in the directory.", $"负责人“{owner}”不在人员名录中。"));
        }

        var people = await CandidatesAsync(definition.Candidates, errors, ct).ConfigureAwait(false);
        var bases = await BasesAsync(definition.Bases, errors, ct).ConfigureAwait(false);
        for (int i = 0; i < (definition.Candidates?.Count ?? 0); i++)
        {
            if (bases.FirstOrDefault(b => b.MentorId == definition.Candidates![i]) is { } mentoring)
            {
                errors.Add(Error($"candidates[{i}]", $"'{mentoring.MentorId}' is the mentor at {mentoring.Name} in this batch and cannot also be a trainee.", $"第 {i + 1} 名候选人“{mentoring.MentorId}”是本批次{mentoring.Name}的导师，不能同时作为学员。"));
            }
        }

        if (errors.Count > 0)
        {
            return BatchDeskResult.Invalid(errors, "The batch definition is invalid", DefinitionInvalidZh);
        }

        // Trainees deferred from an earlier batch, or offered a make-up place, move into this one unless left waiting.
        var carried = (await store.WaitingAsync(ct).ConfigureAwait(false))
            .Where(c => string.CompareOrdinal(c.FromBatch, batchId) < 0)
            .OrderBy(c => c.FromBatch, StringComparer.Ordinal)
            .GroupBy(c => c.TraineeId, StringComparer.Ordinal)
            .Select(g => g.Last())
            .OrderBy(c => c.TraineeId, StringComparer.Ordinal)
            .ToList();
        var leave = definition.LeaveWaiting ?? [];
        for (int i = 0; i < leave.Count; i++)
        {
            if (carried.All(c => c.TraineeId != leave[i]))
            {
                errors.Add(Error($"leaveWaiting[{i}]", $"'{leave[i]}' is not waiting for a place from an earlier batch.", $"“{leave[i]}”不在以往批次的待安排名单中。"));
            }
        }

        if (errors.Count > 0)
        {
            return BatchDeskResult.Invalid(errors, "The batch definition is invalid", DefinitionInvalidZh);
        }

        carried.RemoveAll(c => leave.Contains(c.TraineeId, StringComparer.Ordinal));
        var existing = await store.Batches.GetAsync(batchId, ct).ConfigureAwait(false);
        if (existing is { Record.Status: not BatchStatus.Draft })
        {
            return BatchDeskResult.Refused(
                StatusCodes.Status409Conflict,
                "batchId",
                $"Batch {batchId} is {existing.Record.Status.ToString().ToLowerInvariant()}; it can no longer be redefined.",
                $"{batchId} 批次{StatusZh(existing.Record.Status)}，不能再重新设置。",
                "The batch cannot change",
                "批次不能再修改");
        }

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

        if (candidates.Count > MaxCandidates)
        {
            return BatchDeskResult.Invalid(
                [Error(
                    "candidates",
                    $"{candidates.Count} candidates with those waiting from earlier batches ({Names(carried)}), but a batch takes at most {MaxCandidates}: list fewer, or name some of the waiting in leaveWaiting.",
                    $"连同以往批次待安排的学员（{NamesZh(carried)}）共 {candidates.Count} 名候选人，每批最多 {MaxCandidates} 名：请减少名单，或将部分待安排学员列为继续等待（leaveWaiting）。")],
                "The batch cannot be placed",
                CannotPlaceZh);
        }

        // An administrator's moves survive a redefinition while the trainee and the base are still in the batch and valid.
        var kept = new List<Placement>();
        foreach (var p in existing?.Record.Placements.Where(p => p.Adjusted) ?? [])
        {
            var who = candidates.FirstOrDefault(c => c.StaffId == p.TraineeId);
            var where = bases.FirstOrDefault(b => b.BaseId == p.BaseId);
            if (who is not null && where is not null && who.SchoolId != where.SchoolId && kept.Count(k => k.BaseId == where.BaseId) < where.Capacity)
            {
                kept.Add(p);
            }
        }

        var rest = candidates.Where(c => kept.All(k => k.TraineeId != c.StaffId)).ToList();
        var placed = rest.Count == 0
            ? new PlacementOutcome([], null)
            : PlacementRule.Place(rest, [.. bases.Select(b => b.ForPlacement() with { Capacity = b.Capacity - kept.Count(k => k.BaseId == b.BaseId) })]);
        if (placed.Refusal is { } refusal)
        {
            // Trainees carried over from earlier batches are not in the administrator's list: say who they are and how to leave them out.
            var moved = carried.Where(c => people.Any(p => p.Id == c.TraineeId) && !(definition.Candidates ?? []).Contains(c.TraineeId, StringComparer.Ordinal)).ToList();
            var reason = moved.Count > 0 && refusal.Field == "bases"
                ? refusal with
                {
                    Reason = $"{refusal.Reason} This includes {moved.Count} waiting from earlier batches ({Names(moved)}); list any of them in leaveWaiting to keep them waiting for a later batch.",
                    ReasonZh = $"{refusal.ReasonZh}其中 {moved.Count} 名是以往批次待安排的学员（{NamesZh(moved)}）；如需让其中某些人继续等待以后的批次，请将其列为继续等待（leaveWaiting）。",
                }
                : refusal;
            return BatchDeskResult.Invalid([reason], "The batch cannot be placed", CannotPlaceZh);
        }

        var batch = new ShadowBatch
        {
            Id = batchId,
            WeekStart = definition.WeekStart!.Value,
            Candidates = candidates,
            Bases = bases,
            Placements = [.. candidates.Select(c => kept.Concat(placed.Placements).First(p => p.TraineeId == c.StaffId))],
            CarriedOver = [.. carried.Where(c => people.Any(p => p.Id == c.TraineeId))],
            LeftWaiting = [.. leave],
            OwnerId = definition.OwnerId,
            Status = BatchStatus.Draft,
            DefinedAt = time.GetUtcNow(),
        };
        bool stored = existing is null
            ? await store.Batches.TryAddAsync(batch, ct).ConfigureAwait(false)
            : await store.Batches.TryReplaceAsync(batch, existing.ETag, ct).ConfigureAwait(false) is not null;
        return !stored
            ? Changed(batchId)
            : BatchDeskResult.Ok(batch, existing is null ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    /// <summary>Moves one trainee of a draft batch to another base, under the placement rule's hard rules.</summary>
    public async Task<BatchDeskResult> AdjustAsync(string batchId, string traineeId, string? baseId, string? adjustedBy, CancellationToken ct)
    {
        if (adjustedBy is not null && (string.IsNullOrWhiteSpace(adjustedBy) || await directory.Staff.GetAsync(adjustedBy, ct).ConfigureAwait(false) is null))
        {
            return BatchDeskResult.Invalid([Error("adjustedBy", $"'{adjustedBy}' is not in the directory.", $"调整人“{adjustedBy}”不在人员名录中。")], "The placement cannot change", PlacementUnchangedZh);
        }

        var read = await store.Batches.GetAsync(batchId, ct).ConfigureAwait(false);
        if (read is null)
        {
            return NoBatch(batchId);
        }

        var batch = read.Record;
        if (batch.Status != BatchStatus.Draft)
        {
            return BatchDeskResult.Refused(StatusCodes.Status409Conflict, "batchId", $"Batch {batchId} is confirmed; placements can no longer change.", $"{batchId} 批次已确认，安排不能再调整。", "The placement cannot change", PlacementUnchangedZh);
        }

        var adjusted = PlacementRule.Adjust(batch.Placements, batch.Candidates, [.. batch.Bases.Select(b => b.ForPlacement())], traineeId, baseId ?? string.Empty);
        if (adjusted.Refusal is { } refusal)
        {
            return refusal.Field == "traineeId"
                ? BatchDeskResult.Refused(StatusCodes.Status404NotFound, refusal.Field, refusal.Reason, refusal.ReasonZh ?? "本批次没有这名学员。", "No such trainee", "没有这名学员")
                : BatchDeskResult.Invalid([refusal], "The placement cannot change", PlacementUnchangedZh);
        }

        var now = time.GetUtcNow();
        var changed = batch with
        {
            Placements = [.. adjusted.Placements.Select(p => p.TraineeId == traineeId && p.Adjusted && p.AdjustedAt is null ? p with { AdjustedBy = adjustedBy ?? ByMasterKey, AdjustedAt = now } : p)],
        };
        return await store.Batches.TryReplaceAsync(changed, read.ETag, ct).ConfigureAwait(false) is null ? Changed(batchId) : BatchDeskResult.Ok(changed);
    }

    /// <summary>Confirms a draft batch: starts its orchestration and marks the trainees it took from earlier batches.</summary>
    /// <param name="batchId">The batch, yyyy-MM.</param>
    /// <param name="client">The durable client the caller was bound to (a function's [DurableClient]); the batch starts through it.</param>
    /// <param name="ct">Cancelled when the caller goes away.</param>
    public async Task<BatchDeskResult> ConfirmAsync(string batchId, DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var read = await store.Batches.GetAsync(batchId, ct).ConfigureAwait(false);
        if (read is null)
        {
            return NoBatch(batchId);
        }

        var batch = read.Record;
        if (batch.Status != BatchStatus.Draft)
        {
            return BatchDeskResult.Refused(StatusCodes.Status409Conflict, "batchId", $"Batch {batchId} is already confirmed.", $"{batchId} 批次已确认，无需再次确认。", "The batch cannot be confirmed", CannotConfirmZh);
        }

        var schedule = WeekSchedule.For(batch.WeekStart, clock.Zone, options);
        if (schedule.ConfirmBy <= time.GetUtcNow().UtcDateTime)
        {
            return BatchDeskResult.Invalid(
                [Error(
                    "weekStart",
                    $"is too soon to confirm: trainees answer by {clock.Format(schedule.ConfirmBy)}, which has passed. Define the batch for a later week.",
                    $"已来不及确认：学员须在 {clock.FormatForStaff(schedule.ConfirmBy, Notifications.Languages.Chinese)} 前答复，该时间已过；请将批次安排在以后的一周。")],
                "The batch cannot be confirmed",
                CannotConfirmZh);
        }

        if (await ConflictAsync(batch, ct).ConfigureAwait(false) is { } conflict)
        {
            return BatchDeskResult.Refused(StatusCodes.Status409Conflict, conflict.Field, conflict.Reason, conflict.ReasonZh ?? conflict.Reason, "The batch cannot be confirmed", CannotConfirmZh);
        }

        string? ownerName = batch.OwnerId is null ? null : (await directory.Staff.GetAsync(batch.OwnerId, ct).ConfigureAwait(false))?.Name;
        var runs = new List<TraineeRun>();
        foreach (var placement in batch.Placements)
        {
            var candidate = batch.Candidates.Single(c => c.StaffId == placement.TraineeId);
            var school = candidate.SchoolId is null ? null : await directory.Schools.GetAsync(candidate.SchoolId, ct).ConfigureAwait(false);
            var place = batch.Bases.Single(b => b.BaseId == placement.BaseId);
            string mentorName = (await directory.Staff.GetAsync(place.MentorId, ct).ConfigureAwait(false))?.Name ?? place.MentorId;
            runs.Add(new TraineeRun(
                batchId, candidate.StaffId, candidate.Name, candidate.SchoolName, school?.PrincipalId, place.BaseId, place.Name, place.MentorId, mentorName, batch.OwnerId, schedule, options, ownerName));
        }

        string instanceId = ShadowBatch.InstanceIdOf(batchId);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(ShadowTraining.Name, new BatchRun(batchId, batch.WeekStart, runs), new StartOrchestrationOptions(instanceId), ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (EduFlows.Durable.InstanceStarts.AlreadyExists(ex))
        {
            return BatchDeskResult.Refused(StatusCodes.Status409Conflict, "batchId", $"Batch {batchId} is already running as {instanceId}.", $"{batchId} 批次已在运行（实例 {instanceId}）。", "The batch cannot be confirmed", CannotConfirmZh);
        }

        // The instance id admits one start; the record follows it.
        var confirmed = batch with { Status = BatchStatus.Confirmed, ConfirmedAt = time.GetUtcNow() };
        while (await store.Batches.TryReplaceAsync(confirmed, read.ETag, ct).ConfigureAwait(false) is null)
        {
            read = await store.Batches.GetAsync(batchId, ct).ConfigureAwait(false) ?? throw new InvalidOperationException($"Batch {batchId} disappeared.");
            confirmed = read.Record with { Status = BatchStatus.Confirmed, ConfirmedAt = confirmed.ConfirmedAt };
        }

        foreach (var carried in batch.CarriedOver)
        {
            if (await store.Carryovers.GetAsync(carried.Id, ct).ConfigureAwait(false) is { Record.TakenBy: null } waiting)
            {
                await store.Carryovers.TryReplaceAsync(waiting.Record with { TakenBy = batchId }, waiting.ETag, ct).ConfigureAwait(false);
            }
        }

        return BatchDeskResult.Ok(confirmed, StatusCodes.Status202Accepted);
    }

    // What changed since the draft was defined: another batch took a carried trainee or placed a candidate, a candidate
    // completed meanwhile, or someone started waiting whom the draft neither includes nor leaves waiting on purpose.
    private async Task<FieldError?> ConflictAsync(ShadowBatch batch, CancellationToken ct)
    {
        var running = (await store.Batches.QueryAsync(TableClient.CreateQueryFilter($"Year eq {batch.WeekStart.Year} and Status eq {nameof(BatchStatus.Confirmed)}"), ct).ConfigureAwait(false))
            .Where(b => b.Id != batch.Id)
            .ToList();
        for (int i = 0; i < batch.Candidates.Count; i++)
        {
            string id = batch.Candidates[i].StaffId;
            string field = $"candidates[{i}]";
            var carried = batch.CarriedOver.FirstOrDefault(c => c.TraineeId == id);
            if (carried is not null
                && (await store.Carryovers.GetAsync(carried.Id, ct).ConfigureAwait(false))?.Record.TakenBy is { } takenBy && takenBy != batch.Id)
            {
                return Error(
                    field,
                    $"'{id}' ({batch.Candidates[i].Name}) waiting from batch {carried.FromBatch} was taken by batch {takenBy} meanwhile; redefine this batch.",
                    $"{batch.Candidates[i].Name}（{id}）原在 {carried.FromBatch} 批次待安排，期间已由 {takenBy} 批次安排；请重新设置本批次。");
            }

            // Someone deferred or broken off from a running batch and carried here is no longer in that batch's week.
            var other = running.FirstOrDefault(b => b.Placements.Any(p => p.TraineeId == id) && carried?.FromBatch != b.Id);
            if (other is not null)
            {
                return Error(field, $"'{id}' ({batch.Candidates[i].Name}) is already in confirmed batch {other.Id}.", $"{batch.Candidates[i].Name}（{id}）已在已确认的 {other.Id} 批次中。");
            }

            var done = (await store.FileOfAsync(id, ct).ConfigureAwait(false)).FirstOrDefault(e => e.Kind == "shadow-training");
            if (done is not null)
            {
                return Error(
                    field,
                    $"'{id}' ({batch.Candidates[i].Name}) already completed shadow training in batch {done.Reference} (certificate {done.CertificateNo}).",
                    $"{batch.Candidates[i].Name}（{id}）已在 {done.Reference} 批次完成跟岗培训（证书编号 {done.CertificateNo}）。");
            }
        }

        var waiting = (await store.WaitingAsync(ct).ConfigureAwait(false))
            .Where(c => string.CompareOrdinal(c.FromBatch, batch.Id) < 0
                && batch.Candidates.All(p => p.StaffId != c.TraineeId)
                && !batch.LeftWaiting.Contains(c.TraineeId, StringComparer.Ordinal))
            .ToList();
        var forgotten = waiting.Select(c => $"'{c.TraineeId}' ({c.TraineeName}, from {c.FromBatch})").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var forgottenZh = waiting.Select(c => $"{c.TraineeName}（{c.TraineeId}，来自 {c.FromBatch} 批次）").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return forgotten.Count == 0
            ? null
            : Error(
                "candidates",
                $"{string.Join(", ", forgotten)} started waiting for a place after this batch was defined: redefine it to take them, or list them in leaveWaiting.",
                $"{string.Join("、", forgottenZh)}在本批次设置之后开始等待名额：请重新设置本批次以纳入，或将其列为继续等待（leaveWaiting）。");
    }

    private bool IsNewPrincipal(StaffMember person) =>
        person.Post == "principal" && person.YearsInPost(clock.DateOf(time.GetUtcNow())) is < NewPrincipalYears;

    private static string Names(IEnumerable<Carryover> carried) =>
        string.Join(", ", carried.Select(c => $"{c.TraineeId} {c.TraineeName} from {c.FromBatch}"));

    private static string NamesZh(IEnumerable<Carryover> carried) =>
        string.Join("、", carried.Select(c => $"{c.TraineeName}（{c.TraineeId}，来自 {c.FromBatch} 批次）"));

    // Every refusal says itself twice: in English, as the office's scripts and tests read it, and in Chinese, shown first.
    private static FieldError Error(string field, string reason, string reasonZh) => new(field, reason) { ReasonZh = reasonZh };

    private static string StatusZh(BatchStatus status) => status switch
    {
        BatchStatus.Draft => "为草稿",
        BatchStatus.Confirmed => "已确认",
        _ => "已结束",
    };

    private static BatchDeskResult NoBatch(string batchId) =>
        BatchDeskResult.Refused(StatusCodes.Status404NotFound, "batchId", $"There is no batch {batchId}.", $"没有 {batchId} 批次。", "No such batch", "没有这个批次");

    private static BatchDeskResult Changed(string batchId) =>
        BatchDeskResult.Refused(StatusCodes.Status409Conflict, "batchId", $"Batch {batchId} was changed meanwhile; read it and try again.", $"{batchId} 批次已被他人修改，请重新读取后再试。", "The batch changed", "批次已变更");

    private void CheckWeek(string batchId, DateOnly? weekStart, List<FieldError> errors)
    {
        if (weekStart is not { } monday)
        {
            errors.Add(Error("weekStart", "is required: the Monday of the week (yyyy-MM-dd).", "请填写培训周的星期一（年-月-日）。"));
        }
        else if (monday.DayOfWeek != DayOfWeek.Monday)
        {
            errors.Add(Error(
                "weekStart",
                $"must be a Monday; {monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} is a {monday.DayOfWeek}.",
                $"培训周须从星期一开始；{monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} 是星期{"日一二三四五六"[(int)monday.DayOfWeek]}。"));
        }
        else if (IsBatchId(batchId) && monday.ToString("yyyy-MM", CultureInfo.InvariantCulture) != batchId)
        {
            errors.Add(Error("weekStart", $"must be in the batch's month {batchId}.", $"培训周须在批次所在的月份（{batchId}）内。"));
        }
        else if (WeekSchedule.For(monday, clock.Zone, options).ConfirmBy is var confirmBy && confirmBy <= time.GetUtcNow().UtcDateTime)
        {
            errors.Add(Error(
                "weekStart",
                $"is too soon: trainees must be able to confirm by {clock.Format(confirmBy)}, which has passed.",
                $"培训周太近：学员须在 {clock.FormatForStaff(confirmBy, Notifications.Languages.Chinese)} 前确认，该时间已过。"));
        }
    }

    private async Task<List<StaffMember>> CandidatesAsync(IReadOnlyList<string>? ids, List<FieldError> errors, CancellationToken ct)
    {
        var people = new List<StaffMember>();
        if (ids is null || ids.Count == 0)
        {
            errors.Add(Error("candidates", "list at least one staff id.", "请至少列出一名候选人。"));
            return people;
        }

        if (ids.Count > MaxCandidates)
        {
            errors.Add(Error("candidates", $"list at most {MaxCandidates} staff ids (it has {ids.Count}); split them over several batches.", $"每批最多 {MaxCandidates} 名候选人（现列出 {ids.Count} 名），请分到多个批次。"));
            return people;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < ids.Count; i++)
        {
            string field = $"candidates[{i}]";
            if (string.IsNullOrWhiteSpace(ids[i]))
            {
                errors.Add(Error(field, "is blank.", $"第 {i + 1} 名候选人为空。"));
            }
            else if (!seen.Add(ids[i]))
            {
                errors.Add(Error(field, $"'{ids[i]}' is listed twice.", $"候选人“{ids[i]}”重复列出。"));
            }
            else if (await directory.Staff.GetAsync(ids[i], ct).ConfigureAwait(false) is { } person)
            {
                if (person.ReservePrincipal || IsNewPrincipal(person))
                {
                    people.Add(person);
                }
                else
                {
                    errors.Add(Error(
                        field,
                        $"'{ids[i]}' ({person.Name}) is neither a reserve principal nor a principal for less than {NewPrincipalYears} years; shadow training is for them.",
                        $"{person.Name}（{ids[i]}）既不是后备校长，也不是任职未满 {NewPrincipalYears} 年的新任校长；跟岗培训只面向这两类人员。"));
                }
            }
            else
            {
                errors.Add(Error(field, $"'{ids[i]}' is not in the directory.", $"候选人“{ids[i]}”不在人员名录中。"));
            }
        }

        return people;
    }

    private async Task<List<BatchBase>> BasesAsync(IReadOnlyList<BaseDefinition>? definitions, List<FieldError> errors, CancellationToken ct)
    {
        var all = await directory.TrainingBases.AllAsync(ct).ConfigureAwait(false);
        definitions ??= [.. all.OrderBy(b => b.Id, StringComparer.Ordinal).Select(b => new BaseDefinition(b.Id, null, null))];
        if (definitions.Count == 0)
        {
            errors.Add(Error("bases", "list at least one training base (or leave it out for all of them).", "请至少列出一个培训基地（不填则使用全部基地）。"));
        }

        var bases = new List<BatchBase>();
        for (int i = 0; i < definitions.Count; i++)
        {
            var d = definitions[i];
            if (d is null)
            {
                errors.Add(Error($"bases[{i}]", "is null: give {\"baseId\": ...} and optionally capacity and mentorId.", $"第 {i + 1} 个基地为空：请填写基地编号（baseId），可另填容量（capacity）和导师（mentorId）。"));
                continue;
            }

            var known = all.FirstOrDefault(b => b.Id == d.BaseId);
            if (known is null)
            {
                errors.Add(Error(
                    $"bases[{i}].baseId",
                    $"'{d.BaseId}' is not a training base ({string.Join(", ", all.Select(b => b.Id).Order(StringComparer.Ordinal))}).",
                    $"“{d.BaseId}”不是培训基地（可选：{string.Join("、", all.OrderBy(b => b.Id, StringComparer.Ordinal).Select(b => $"{b.Name}（{b.Id}）"))}）。"));
                continue;
            }

            if (bases.Any(b => b.BaseId == known.Id))
            {
                errors.Add(Error($"bases[{i}].baseId", $"'{known.Id}' is listed twice.", $"培训基地{known.Name}重复列出。"));
                continue;
            }

            int capacity = d.Capacity ?? known.Capacity;
            if (capacity is < 1 or > MaxCapacity)
            {
                errors.Add(Error($"bases[{i}].capacity", $"must be between 1 and {MaxCapacity}.", $"{known.Name}的名额须在 1 至 {MaxCapacity} 名之间。"));
                continue;
            }

            var school = await directory.Schools.GetAsync(known.SchoolId, ct).ConfigureAwait(false);
            string? mentor = d.MentorId ?? school?.PrincipalId;
            if (mentor is null)
            {
                errors.Add(Error($"bases[{i}].mentorId", $"name a mentor: {known.Name} has no principal in the directory.", $"请为{known.Name}指定导师：人员名录中该校没有校长。"));
                continue;
            }

            if (await directory.Staff.GetAsync(mentor, ct).ConfigureAwait(false) is null)
            {
                errors.Add(Error($"bases[{i}].mentorId", $"'{mentor}' is not in the directory.", $"{known.Name}的导师“{mentor}”不在人员名录中。"));
                continue;
            }

            bases.Add(new BatchBase(known.Id, known.Name, known.SchoolId, school?.Section ?? string.Empty, capacity, mentor));
        }

        return bases;
    }
}
