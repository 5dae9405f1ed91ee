using EduFlows.Hosting;
using EduFlows.StaffDirectory;
using EduFlows.StaffPortal;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.OpenSelection;

/// <summary>
/// The process's routes beside <see cref="OpenSelectionApi"/>: the office starts a published selection's process and
/// imports the written scores (master key); an applicant sends their one correction (signed in). A refused request
/// changes nothing and answers the rules' status with the reason in Chinese and the field at fault.
/// </summary>
public sealed class OpenSelectionProcessApi(OpenSelectionDesk desk)
{
    private const string Routes = "open-selections/{id}";

    /// <summary>
    /// The largest score sheet taken (2 MB; a sheet of a few hundred rows is a few dozen KB). Below the local host's
    /// 4 MB, and far below the 100 MB the Functions host lets through in Azure, so it is this route that refuses.
    /// </summary>
    public const int MaxSheetBytes = 2 * 1024 * 1024;

    /// <summary>POST <c>open-selections/{id}/process</c>: starts the process (202); 404 unknown selection, 422 naming the field, 409 when started already.</summary>
    [Function("OpenSelectionStartProcess")]
    public async Task<IResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = Routes + "/process")] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await request.ReadJsonAsync<ProcessStart>(ct).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        return await desk.StartAsync(client, id, body.Value, ct).ConfigureAwait(false) is { } refused
            ? Refuse(refused)
            : TypedResults.Accepted($"/api/open-selections/{id}", new { id, instanceId = OpenSelectionOrchestration.InstanceIdOf(id) });
    }

    /// <summary>PUT <c>open-selections/{id}/correction</c>: the signed-in applicant's one correction after an eligibility refusal (200); 409 a second time, 410 after the review.</summary>
    [Function("OpenSelectionCorrect")]
    public async Task<IResult> CorrectAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes + "/correction")] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await StaffSession.StaffIdAsync(request.HttpContext).ConfigureAwait(false) is not { } me)
        {
            return FieldProblem.ForStaff(StatusCodes.Status401Unauthorized, "session", "请先登录：向 /api/me/sign-in 提交您的工作邮箱。", "Sign in first: POST your e-mail address to /api/me/sign-in.");
        }

        var body = await request.ReadJsonAsync<ApplicationForm>(ct).ConfigureAwait(false);
        if (body.Failed)
        {
            return body.Problem;
        }

        return await desk.CorrectAsync(client, id, me, body.Value, ct).ConfigureAwait(false) is { } refused
            ? Refuse(refused)
            : TypedResults.Ok(new { id, staffId = me, corrected = true });
    }

    /// <summary>
    /// POST <c>open-selections/{id}/written-scores</c>: the score sheet as the body (xlsx, or csv with <c>?format=csv</c>);
    /// 200 with the number taken, or 422 with every bad row and column in <c>errors</c> and nothing taken.
    /// </summary>
    [Function("OpenSelectionWrittenScores")]
    public async Task<IResult> WrittenScoresAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = Routes + "/written-scores")] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var format = string.Equals(request.Query["format"], "csv", StringComparison.OrdinalIgnoreCase) ? RosterFile.Format.Csv : RosterFile.Format.Xlsx;
        if (request.ContentLength > MaxSheetBytes)
        {
            return SheetTooLarge();
        }

        // Read no more than the limit: a body sent without its length is cut off there, not held in memory whole.
        using var sheet = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            if (sheet.Length + read > MaxSheetBytes)
            {
                return SheetTooLarge();
            }

            sheet.Write(buffer, 0, read);
        }

        sheet.Position = 0;
        var import = await desk.TakeWrittenScoresAsync(client, id, sheet, format, ct).ConfigureAwait(false);
        if (import.Refusal is { } refused)
        {
            return Refuse(refused);
        }

        if (import.Errors.Count > 0)
        {
            var first = import.Errors[0];
            return FieldProblem.ForStaff(
                StatusCodes.Status422UnprocessableEntity,
                "file",
                $"笔试成绩表有 {import.Errors.Count} 处错误，未导入任何成绩。第 {first.Row} 行“{first.Column}”：{first.Reason}",
                "The score sheet has errors; nothing was imported.",
                [new("errors", import.Errors)]);
        }

        return TypedResults.Ok(new { id, taken = import.Taken });
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult SheetTooLarge() => FieldProblem.ForStaff(
        StatusCodes.Status413PayloadTooLarge,
        "file",
        $"笔试成绩表文件过大：最大 {MaxSheetBytes / (1024 * 1024)} MB，未导入任何成绩。",
        $"The score sheet may be at most {MaxSheetBytes} bytes; nothing was imported.");

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Refuse(SelectionRefusal refusal) => FieldProblem.ForStaff(refusal.Status, refusal.Field, refusal.ReasonZh, refusal.ReasonEn);
}
