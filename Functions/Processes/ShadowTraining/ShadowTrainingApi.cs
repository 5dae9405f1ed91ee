using Microsoft.DurableTask.Client;
using System.Globalization;
using Microsoft.DurableTask;
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
    /// <summary>Maps the routes under the function route group.</summary>
    public static RouteGroupBuilder MapShadowTrainingApi(this RouteGroupBuilder functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var shadow = functions.MapGroup("/shadow-training").WithTags("ShadowTraining");
        var admin = shadow.MapGroup(string.Empty).RequireKey(AuthorizationLevel.Admin).AddEndpointFilter(CheckBatchIdAsync);
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
        shadow.MapGet("/certificates/{batchId}/{traineeId}", CertificateAsync).AddEndpointFilter(TaskApi.KeepTokenPrivateAsync).AddEndpointFilter(CheckBatchIdAsync);
        return shadow;
    }

    // A batch id is also a table key: anything but yyyy-MM is refused here rather than reaching storage as a bad request.
    private static async ValueTask<object?> CheckBatchIdAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.Request.RouteValues.TryGetValue("batchId", out var value) && !BatchDesk.IsBatchId(value as string ?? string.Empty))
        {
            return FieldProblem.Invalid([new FieldError("batchId", "must be yyyy-MM, the month of the batch's week (e.g. 2026-05).")], "No such batch");
        }

        return await next(context).ConfigureAwait(false);
    }

    private static async Task<IResult> DefineAsync(string batchId, BatchDefinition definition, BatchDesk desk, CancellationToken ct) =>
        Answer(await desk.DefineAsync(batchId, definition, ct).ConfigureAwait(false), b => b);

    private static async Task<IResult> GetAsync(string batchId, ShadowTrainingStore store, CancellationToken ct) =>
        await store.Batches.GetAsync(batchId, ct).ConfigureAwait(false) is { } batch ? TypedResults.Ok(batch.Record) : NoBatch(batchId);

    private static async Task<IResult> AdjustAsync(string batchId, string traineeId, PlacementChange change, BatchDesk desk, CancellationToken ct) =>
        Answer(await desk.AdjustAsync(batchId, traineeId, change.BaseId, change.AdjustedBy, ct).ConfigureAwait(false), b => b);

    private static async Task<IResult> ConfirmAsync(string batchId, BatchDesk desk, DurableTaskClient client, CancellationToken ct) =>
        Answer(await desk.ConfirmAsync(batchId, client, ct).ConfigureAwait(false), b => new
        {
            batchId,
            instanceId = ShadowBatch.InstanceIdOf(batchId),
            trainees = b.Placements.Count,
            status = b.Status,
        });

    private static async Task<IResult> DecideDeferralAsync(string batchId, string traineeId, DeferralDecision decision, DurableTaskClient client, CancellationToken ct)
    {
        if (decision.Problems() is { Count: > 0 } problems)
        {
            return FieldProblem.Invalid(problems, "The deferral decision cannot be taken");
        }

        string instanceId = TraineeRun.InstanceIdOf(batchId, traineeId);
        var instance = await client.GetInstanceAsync(instanceId, cancellation: ct).ConfigureAwait(false);
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
        var instance = await client.GetInstanceAsync(ShadowBatch.InstanceIdOf(batchId), cancellation: ct).ConfigureAwait(false);
        var trainees = new List<TraineeProgress>();
        foreach (var placement in batch.Placements)
        {
            var child = await client.GetInstanceAsync(TraineeRun.InstanceIdOf(batchId, placement.TraineeId), cancellation: ct).ConfigureAwait(false);
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
        string? signedIn = SignInApi.StaffIdOf(context.User);
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

    private static IResult Answer(BatchDeskResult result, Func<ShadowBatch, object> body) => result switch
    {
        { Done: true, Status: StatusCodes.Status201Created } => TypedResults.Created(result.Batch!.Id, body(result.Batch)),
        { Done: true, Status: StatusCodes.Status202Accepted } => TypedResults.Accepted("status", body(result.Batch!)),
        { Done: true } => TypedResults.Ok(body(result.Batch!)),
        { Status: StatusCodes.Status422UnprocessableEntity } => FieldProblem.Invalid(result.Errors, result.Title ?? "Invalid"),
        _ => FieldProblem.Of(result.Status, result.Errors[0].Field, result.Errors[0].Reason),
    };

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NoBatch(string batchId) => FieldProblem.Of(StatusCodes.Status404NotFound, "batchId", $"There is no batch {batchId}.");
}

/// <summary>An administrator's move of one trainee.</summary>
/// <param name="BaseId">The base to move to.</param>
/// <param name="AdjustedBy">The staff id of the administrator making the move (the master key is shared; this is kept with the placement).</param>
public sealed record PlacementChange(string? BaseId, string? AdjustedBy = null);
