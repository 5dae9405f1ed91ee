using System.Globalization;
using EduFlows.Hosting;
using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.Secondment;

/// <summary>
/// <c>/api/secondments</c> (master key): start an exchange or secondment, follow it, and read its report (a zh-CN page
/// for a browser, JSON otherwise). The people concerned act through their e-mailed tasks.
/// </summary>
public sealed class SecondmentApi(SecondmentDesk desk, SecondmentStore store, SecondmentEnds ends, SecondmentOptions options, HtmlRendering html, DirectoryStore directory)
{
    /// <summary>POST <c>secondments/{secondmentId}</c>: checks the assignment and starts its instance (202); 422 naming each bad field, 409 when it exists.</summary>
    [Function("SecondmentStart")]
    public async Task<IResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "secondments/{secondmentId}")] HttpRequest request,
        string secondmentId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var body = await request.ReadJsonObjectAsync<SecondmentAssignment>(cancellationToken).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        var (plan, errors) = await desk.CheckAsync(client, secondmentId, body.Value, cancellationToken).ConfigureAwait(false);
        if (plan is null)
        {
            return FieldProblem.InvalidForStaff(errors, "交流挂职安排有误，未启动", "The assignment was not started.");
        }

        string instanceId = plan.InstanceId;
        if (await client.GetInstanceAsync(instanceId, cancellation: cancellationToken).ConfigureAwait(false) is { RuntimeStatus: not (OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated) })
        {
            return FieldProblem.ForStaff(StatusCodes.Status409Conflict, "secondmentId", $"交流挂职“{secondmentId}”已启动。", $"Assignment '{secondmentId}' has already been started.");
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(Secondment.Name, new SecondmentRun(plan, new SecondmentState(), options), new StartOrchestrationOptions(instanceId), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Durable.InstanceStarts.AlreadyExists(ex))
        {
            return FieldProblem.ForStaff(StatusCodes.Status409Conflict, "secondmentId", $"交流挂职“{secondmentId}”已启动。", $"Assignment '{secondmentId}' has already been started.");
        }

        return TypedResults.Accepted($"{secondmentId}/status", new { secondmentId, instanceId, plan });
    }

    /// <summary>GET <c>secondments/{secondmentId}/status</c>: the record (ended, once its instance was terminated or failed) and the instance's runtime status.</summary>
    [Function("SecondmentStatus")]
    public async Task<IResult> StatusAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "secondments/{secondmentId}/status")] HttpRequest request,
        string secondmentId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (SecondmentDesk.IdProblem(secondmentId) is { } bad)
        {
            return BadId(bad);
        }

        var record = (await store.Assignments.GetAsync(secondmentId, cancellationToken).ConfigureAwait(false))?.Record;
        record = record is null ? null : await ends.SettleAsync(client, record, cancellationToken).ConfigureAwait(false);
        var instance = await client.GetInstanceAsync(SecondmentPlan.InstanceIdOf(secondmentId), cancellation: cancellationToken).ConfigureAwait(false);
        if (record is null && instance is null)
        {
            return NoSuch(secondmentId);
        }

        return TypedResults.Ok(new { secondmentId, runtimeStatus = instance?.RuntimeStatus, record });
    }

    /// <summary>
    /// GET <c>secondments/{secondmentId}/report</c>: the assignment's report, a zh-CN page for a browser (ended, once its
    /// instance was terminated or failed), with the person's moves from the directory (人员调动); JSON: the record with
    /// <c>moves</c> beside it.
    /// </summary>
    [Function("SecondmentReport")]
    public async Task<IResult> ReportAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "secondments/{secondmentId}/report")] HttpRequest request,
        string secondmentId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (SecondmentDesk.IdProblem(secondmentId) is { } bad)
        {
            return BadId(bad);
        }

        if ((await store.Assignments.GetAsync(secondmentId, cancellationToken).ConfigureAwait(false))?.Record is not { } read)
        {
            return NoSuch(secondmentId);
        }

        var record = await ends.SettleAsync(client, read, cancellationToken).ConfigureAwait(false);
        var moves = await SecondmentMoveLine.OfAsync(directory, record.Plan.PersonId, cancellationToken).ConfigureAwait(false);

        return StaffPages.WantsPage(request)
            ? Results.Content(
                await html.RenderAsync<SecondmentReportPage>(new Dictionary<string, object?> { [nameof(SecondmentReportPage.View)] = SecondmentReportView.Of(record, options, moves) }).ConfigureAwait(false),
                "text/html; charset=utf-8")
            : TypedResults.Ok(new { id = record.Id, plan = record.Plan, state = record.State, updatedAt = record.UpdatedAt, moves });
    }

    /// <summary>GET <c>office/secondments/{secondmentId}/report</c>: <see cref="ReportAsync"/> for the office's pages, which an office sign-in opens as well as the key (<see cref="OfficeGuard"/>).</summary>
    [Function("OfficeSecondmentReport")]
    public Task<IResult> OfficeReportAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/secondments/{secondmentId}/report")] HttpRequest request,
        string secondmentId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        ReportAsync(request, secondmentId, client, cancellationToken);

    // Chinese first, as every refusal staff read (FieldProblem.ForStaff): the id is one no assignment can have.
    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult BadId(string reason) =>
        FieldProblem.InvalidForStaff([new FieldError("secondmentId", reason) { ReasonZh = $"编号须为 1 至 {SecondmentDesk.MaxIdLength} 个字母、数字、- 或 _。" }], "没有这项交流挂职", "No such assignment");

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NoSuch(string secondmentId) =>
        FieldProblem.ForStaff(StatusCodes.Status404NotFound, "secondmentId", $"没有交流挂职“{secondmentId}”。", $"There is no assignment '{secondmentId}'.");
}
