using EduFlows.Storage;
using Microsoft.DurableTask.Client;
using System.Globalization;
using Microsoft.DurableTask;
using EduFlows.Hosting;
using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.StaffPortal;
using EduFlows.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EduFlows.Processes.ShadowTraining;

/// <summary>
/// <c>/api/shadow-training</c>: administrators (master key) define a batch, preview and adjust its placements, confirm
/// it, decide deferrals, follow it and read its reports; a completed trainee opens their certificate by its signed link
/// or signed in (administrators with the master key).
/// </summary>
public sealed class ShadowTrainingApi(BatchDesk desk, ShadowTrainingStore store, FunctionKeys keys, CertificateLinks links, HtmlRendering html, BureauClock clock)
{
    /// <summary>PUT <c>shadow-training/batches/{batchId}</c>: defines (or, while a draft, redefines) a batch and places its trainees.</summary>
    [Function("ShadowTrainingDefineBatch")]
    public async Task<IResult> DefineBatchAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "put", Route = "shadow-training/batches/{batchId}")] HttpRequest request, string batchId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (RefuseBatchId(batchId) is { } refused)
        {
            return refused;
        }

        var body = await request.ReadJsonAsync<BatchDefinition>(cancellationToken).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        if (BadIds(body.Value) is { Count: > 0 } badIds)
        {
            return Refuse(BatchDeskResult.Invalid(badIds, "The batch was not defined.", "批次未定义"));
        }

        return Answer(await desk.DefineAsync(batchId, body.Value, cancellationToken).ConfigureAwait(false), b => b);
    }

    /// <summary>GET <c>shadow-training/batches/{batchId}</c>: the batch as stored (candidates, bases, placements, status).</summary>
    [Function("ShadowTrainingGetBatch")]
    public async Task<IResult> GetBatchAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "shadow-training/batches/{batchId}")] HttpRequest request, string batchId, CancellationToken cancellationToken)
    {
        if (RefuseBatchId(batchId) is { } refused)
        {
            return refused;
        }

        return await store.Batches.GetAsync(batchId, cancellationToken).ConfigureAwait(false) is { } batch ? TypedResults.Ok(batch.Record) : NoBatch(batchId);
    }

    /// <summary>POST <c>shadow-training/batches/{batchId}/placements/{traineeId}</c>: moves one trainee of a draft batch to another base.</summary>
    [Function("ShadowTrainingAdjustPlacement")]
    public async Task<IResult> AdjustPlacementAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "shadow-training/batches/{batchId}/placements/{traineeId}")] HttpRequest request,
        string batchId,
        string traineeId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (RefuseBatchId(batchId) is { } refused)
        {
            return refused;
        }

        var change = await request.ReadJsonAsync<PlacementChange>(cancellationToken).ConfigureAwait(false);
        if (change.Failed)
        {
            return change.Problem;
        }

        return Answer(await desk.AdjustAsync(batchId, traineeId, change.Value.BaseId, change.Value.AdjustedBy, cancellationToken).ConfigureAwait(false), b => b);
    }

    /// <summary>POST <c>shadow-training/batches/{batchId}/confirm</c>: confirms a draft batch and starts its week.</summary>
    [Function("ShadowTrainingConfirmBatch")]
    public async Task<IResult> ConfirmBatchAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "shadow-training/batches/{batchId}/confirm")] HttpRequest request,
        string batchId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        if (RefuseBatchId(batchId) is { } refused)
        {
            return refused;
        }

        return Answer(await desk.ConfirmAsync(batchId, client, cancellationToken).ConfigureAwait(false), b => new
        {
            batchId,
            instanceId = ShadowBatch.InstanceIdOf(batchId),
            trainees = b.Placements.Count,
            status = b.Status,
        });
    }

    /// <summary>POST <c>shadow-training/batches/{batchId}/deferrals/{traineeId}</c>: decides a trainee's waiting request to defer.</summary>
    [Function("ShadowTrainingDecideDeferral")]
    public static async Task<IResult> DecideDeferralAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "shadow-training/batches/{batchId}/deferrals/{traineeId}")] HttpRequest request,
        string batchId,
        string traineeId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (RefuseBatchId(batchId) is { } refused)
        {
            return refused;
        }

        var body = await request.ReadJsonAsync<DeferralDecision>(cancellationToken).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        var decision = body.Value;
        if (decision.Problems() is { Count: > 0 } problems)
        {
            return Refuse(BatchDeskResult.Invalid(problems, "The deferral decision cannot be taken", "延期申请无法决定"));
        }

        // The trainee id names an instance, not a table key, but it is checked as one so the office gets the same refusal.
        if (TableKey.Error("traineeId", traineeId) is { } badTrainee)
        {
            return Refuse(BatchDeskResult.Invalid([badTrainee], "No such trainee", "没有这名学员"));
        }

        string instanceId = TraineeRun.InstanceIdOf(batchId, traineeId);
        var instance = await client.GetInstanceAsync(instanceId, cancellation: cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return Refuse(BatchDeskResult.Refused(
                StatusCodes.Status404NotFound, "traineeId", $"'{traineeId}' has no week in batch {batchId}.", $"{batchId} 批次中没有学员“{traineeId}”的培训周。", "No such trainee", "没有这名学员"));
        }

        var progress = instance.ReadCustomStatusAs<TraineeProgress>();
        if (!instance.IsRunning || progress?.Stage != "deferral-requested")
        {
            string stage = progress?.Stage ?? instance.RuntimeStatus.ToString();
            return Refuse(BatchDeskResult.Refused(
                StatusCodes.Status409Conflict,
                "traineeId",
                $"{progress?.TraineeName ?? traineeId} has no deferral request waiting for a decision (stage: {stage}).",
                $"{progress?.TraineeName ?? $"学员“{traineeId}”"}没有待决定的延期申请（目前{ShadowTrainingApiText.StageZh(instance.IsRunning ? progress?.Stage : null)}）。",
                "The deferral cannot be decided",
                "延期申请无法决定"));
        }

        await client.RaiseEventAsync(instanceId, ShadowTraining.DeferralEvent, decision, cancellationToken).ConfigureAwait(false);
        return TypedResults.Accepted("../status", new { batchId, traineeId, decision.Approve });
    }

    /// <summary>GET <c>shadow-training/batches/{batchId}/status</c>: the batch's record and its orchestrations' progress.</summary>
    [Function("ShadowTrainingBatchStatus")]
    public async Task<IResult> BatchStatusAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "shadow-training/batches/{batchId}/status")] HttpRequest request,
        string batchId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (RefuseBatchId(batchId) is { } refused)
        {
            return refused;
        }

        if (await store.Batches.GetAsync(batchId, cancellationToken).ConfigureAwait(false) is not { } read)
        {
            return NoBatch(batchId);
        }

        var batch = read.Record;
        var instance = await client.GetInstanceAsync(ShadowBatch.InstanceIdOf(batchId), cancellation: cancellationToken).ConfigureAwait(false);
        var trainees = new List<TraineeProgress>();
        foreach (var placement in batch.Placements)
        {
            var child = await client.GetInstanceAsync(TraineeRun.InstanceIdOf(batchId, placement.TraineeId), cancellation: cancellationToken).ConfigureAwait(false);
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

    /// <summary>GET <c>shadow-training/batches/{batchId}/report</c>: the batch's figures, in total and per base.</summary>
    [Function("ShadowTrainingBatchReport")]
    public async Task<IResult> BatchReportAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "shadow-training/batches/{batchId}/report")] HttpRequest request, string batchId, CancellationToken cancellationToken)
    {
        if (RefuseBatchId(batchId) is { } refused)
        {
            return refused;
        }

        if (await store.Batches.GetAsync(batchId, cancellationToken).ConfigureAwait(false) is not { } read)
        {
            return NoBatch(batchId);
        }

        return TypedResults.Ok(ShadowTrainingReport.ForBatch(batchId, read.Record.WeekStart, await store.TraineesOfBatchAsync(batchId, cancellationToken).ConfigureAwait(false)));
    }

    /// <summary>GET <c>shadow-training/reports/{year}</c>: the year's figures over all its batches.</summary>
    [Function("ShadowTrainingYearReport")]
    public async Task<IResult> YearReportAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "shadow-training/reports/{year}")] HttpRequest request, string year, CancellationToken cancellationToken)
    {
        // Read as text so that "twenty" is the field's 422, not a binding failure.
        if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out int y) || y is < 2000 or > 2100)
        {
            return Refuse(BatchDeskResult.Invalid([new FieldError("year", "must be a year between 2000 and 2100.") { ReasonZh = $"年份须在 2000 至 2100 之间（现为“{year}”）。" }], "The report cannot be made", "报告无法生成"));
        }

        return TypedResults.Ok(ShadowTrainingReport.ForYear(y, await store.TraineesOfYearAsync(y, cancellationToken).ConfigureAwait(false)));
    }

    /// <summary>GET <c>shadow-training/reserve-pool/{staffId}</c>: a staff member's reserve-pool file (completed trainings).</summary>
    [Function("ShadowTrainingReservePoolFile")]
    public async Task<IResult> ReservePoolFileAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "shadow-training/reserve-pool/{staffId}")] HttpRequest request, string staffId, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.FileOfAsync(staffId, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// GET <c>shadow-training/certificates/{batchId}/{traineeId}</c>: the certificate page, for its holder (signed link
    /// or session) and administrators (master key).
    /// </summary>
    [Function("ShadowTrainingCertificate")]
    public async Task<IResult> CertificateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "shadow-training/certificates/{batchId}/{traineeId}")] HttpRequest request,
        string batchId,
        string traineeId,
        string? token,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // The address carries a token: whatever the answer, it is neither cached nor passed on as a Referer.
        TokenPages.KeepTokenPrivate(request.HttpContext.Response);
        if (RefuseBatchId(batchId) is { } refused)
        {
            return StaffPages.WantsPage(request)
                ? StaffPages.Refusal(request, StatusCodes.Status404NotFound, "batchId", "证书地址有误：批次应写作“年-月”（如 2026-05），请重新打开邮件中的链接。", "No such batch.")
                : refused;
        }

        string? signedIn = await StaffSession.StaffIdAsync(request.HttpContext).ConfigureAwait(false);
        bool allowed = keys.Grants(AuthorizationLevel.Admin, FunctionKeys.Presented(request))
            || links.Opens(token, batchId, traineeId)
            || signedIn == traineeId;
        if (!allowed)
        {
            return signedIn is not null && string.IsNullOrEmpty(token)
                ? StaffPages.Refusal(request, StatusCodes.Status403Forbidden, "session", "结业证书只向本人和管理员显示。", "A certificate is shown to its holder and to administrators only.")
                : StaffPages.Refusal(request, StatusCodes.Status401Unauthorized, "token", "请通过邮件中的链接打开证书，或在 /api/me 登录后查看。", "Open the certificate from the link in your mail, sign in at /api/me, or use a master key.");
        }

        var record = (await store.Trainees.GetAsync(TraineeRecord.IdOf(batchId, traineeId), cancellationToken).ConfigureAwait(false))?.Record;
        if (record is not { Status: TraineeStatus.Completed })
        {
            return StaffPages.Refusal(request, StatusCodes.Status404NotFound, "traineeId", $"{batchId} 批次中没有“{traineeId}”的结业证书。", $"'{traineeId}' has no certificate from batch {batchId}.");
        }

        var issued = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(record.RecordedAt, clock.Zone).DateTime);
        string page = await html.RenderAsync<CertificatePage>(new Dictionary<string, object?>
        {
            [nameof(CertificatePage.Record)] = record,
            [nameof(CertificatePage.IssuedOn)] = issued,
        }).ConfigureAwait(false);
        return Results.Content(page, "text/html; charset=utf-8");
    }

    // A batch id is also a table key: anything but yyyy-MM is refused here rather than reaching storage as a bad request.
    // Staff ids become table keys; one the storage would refuse is named here, before any lookup.
    private static List<FieldError> BadIds(BatchDefinition definition)
    {
        var errors = new List<FieldError>();
        if (TableKey.Error("ownerId", definition.OwnerId) is { } owner)
        {
            errors.Add(owner);
        }

        void Each(IReadOnlyList<string>? ids, string field)
        {
            for (int i = 0; i < (ids?.Count ?? 0); i++)
            {
                if (TableKey.Error($"{field}[{i}]", ids![i]) is { } error)
                {
                    errors.Add(error);
                }
            }
        }

        Each(definition.Candidates, "candidates");
        Each(definition.LeaveWaiting, "leaveWaiting");
        for (int i = 0; i < (definition.Bases?.Count ?? 0); i++)
        {
            var place = definition.Bases![i];
            if (TableKey.Error($"bases[{i}].baseId", place?.BaseId) is { } baseId)
            {
                errors.Add(baseId);
            }

            if (TableKey.Error($"bases[{i}].mentorId", place?.MentorId) is { } mentor)
            {
                errors.Add(mentor);
            }
        }

        return errors;
    }

    private static ProblemHttpResult? RefuseBatchId(string batchId) =>
        BatchDesk.IsBatchId(batchId) ? null : Refuse(BatchDeskResult.Invalid(
            [new FieldError("batchId", "must be yyyy-MM, the month of the batch's week (e.g. 2026-05).") { ReasonZh = "批次编号须写作“年-月”，即培训周所在的月份（如 2026-05）。" }],
            "No such batch",
            "没有这个批次"));

    private static IResult Answer(BatchDeskResult result, Func<ShadowBatch, object> body) => result switch
    {
        { Done: true, Status: StatusCodes.Status201Created } => TypedResults.Created(result.Batch!.Id, body(result.Batch)),
        { Done: true, Status: StatusCodes.Status202Accepted } => TypedResults.Accepted("status", body(result.Batch!)),
        { Done: true } => TypedResults.Ok(body(result.Batch!)),
        _ => Refuse(result),
    };

    // Every refusal of this API, the desk's and its own, goes out the same way: English as the scripts read it, Chinese beside.
    private static ProblemHttpResult Refuse(BatchDeskResult result) => result.Status == StatusCodes.Status422UnprocessableEntity
        ? InChinese(FieldProblem.Invalid(result.Errors, result.Title ?? "Invalid"), result)
        : InChinese(FieldProblem.Of(result.Status, result.Errors[0].Field, result.Errors[0].Reason), result);

    // The office reads Chinese first: titleZh and detailZh, and each error's reasonZh. Title, detail and reason stay
    // English, word for word, for the scripts that already read them.
    private static ProblemHttpResult InChinese(ProblemHttpResult problem, BatchDeskResult result)
    {
        var extensions = problem.ProblemDetails.Extensions;
        if (result.TitleZh is { } titleZh)
        {
            extensions["titleZh"] = titleZh;
        }

        extensions["detailZh"] = string.Join(" ", result.Errors.Select(e => e.ReasonFor(EduFlows.Notifications.Languages.Chinese)));
        if (extensions.ContainsKey("errors"))
        {
            extensions["errors"] = result.Errors.Select(e => new BatchRefusalError(e.Field, e.Reason, e.ReasonFor(EduFlows.Notifications.Languages.Chinese))).ToList();
        }

        return problem;
    }

    private static ProblemHttpResult NoBatch(string batchId) =>
        Refuse(BatchDeskResult.Refused(StatusCodes.Status404NotFound, "batchId", $"There is no batch {batchId}.", $"没有 {batchId} 批次。", "No such batch", "没有这个批次"));
}

/// <summary>An administrator's move of one trainee.</summary>
/// <param name="BaseId">The base to move to.</param>
/// <param name="AdjustedBy">The staff id of the administrator making the move (the master key is shared; this is kept with the placement).</param>
public sealed record PlacementChange(string? BaseId, string? AdjustedBy = null);
