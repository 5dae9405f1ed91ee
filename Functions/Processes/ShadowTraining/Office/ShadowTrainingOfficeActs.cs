using EduFlows.Hosting;
using EduFlows.Workbench;
using EduFlows.Workbench.Operations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.ShadowTraining.Office;

/// <summary>
/// The office's acts on shadow training from its pages, each through the JSON route's own handler (its rules, not
/// repeated): <c>office/shadow-training/new-batch</c> defines (or, while a draft, redefines) a batch
/// (<see cref="ShadowTrainingApi.DefineBatchAsync"/>, the <see cref="BatchDesk"/>'s placing) and goes on to the batch's
/// board; <c>office/shadow-training/{batchId}/confirm</c> confirms a draft batch and starts its week
/// (<see cref="ShadowTrainingApi.ConfirmBatchAsync"/>), back to the board; <c>office/shadow-training/{batchId}/placements/{traineeId}</c>
/// moves one trainee of a draft batch to another base (<see cref="ShadowTrainingApi.AdjustPlacementAsync"/>) and
/// <c>office/shadow-training/{batchId}/deferrals/{traineeId}</c> decides a trainee's waiting request to defer
/// (<see cref="ShadowTrainingApi.DecideDeferralAsync"/>), each back to the board.
/// </summary>
public sealed class ShadowTrainingOfficeActs(IConfiguration configuration, ShadowTrainingStore store)
{
    private const string List = "office/shadow-training";
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>GET: the form; POST: defines the batch and places its trainees, then shows its board.</summary>
    [Function("OfficeShadowTrainingNewBatch")]
    public async Task<IResult> DefineAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = List + "/new-batch")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        string staffHint = links.Say("名录中的人员编号，如 stf-31。", "Staff ids of the directory, e.g. stf-31.");
        var act = new OfficeFormAct(
            links.Say("新建跟岗培训批次", "Define a shadow-training batch"),
            links.Say(
                "把候选人和以往批次待安排的学员分到各培训基地（各基地按名录中的名额，导师为基地学校校长），生成安排草稿，不发邮件。草稿确认前可再次提交本表修改；在批次页确认后才开始培训周。",
                "Places the candidates and those waiting from earlier batches at the training bases (each at its directory capacity, the host principal mentoring) as a draft; no mail is sent. Submit this form again to change the draft before it is confirmed; the week starts once it is confirmed on the batch's page."),
            links.Say("生成安排", "Place the trainees"),
            [
                new OfficeFormField("batchId", links.Say("批次编号（必填，年-月）", "Batch id (required; year-month)"), InRoute: true, Hint: links.Say("培训周所在的月份，如 2026-05。", "The month of the week, e.g. 2026-05.")),
                new OfficeFormField("weekStart", links.Say("培训周周一", "Monday of the week"), OfficeFieldKind.Date),
                new OfficeFormField("candidates", links.Say("候选人编号", "Candidates' staff ids"), OfficeFieldKind.List, Hint: staffHint),
                new OfficeFormField("ownerId", links.Say("负责人编号", "Owner's staff id"), Hint: links.Say("决定延期申请的教育局人员，如 stf-3。", "The bureau person deciding deferrals, e.g. stf-3.")),
                new OfficeFormField("leaveWaiting", links.Say("暂不编入本批次的待安排学员编号", "Waiting trainees left out of this batch"), OfficeFieldKind.List, Hint: links.Say("以往批次待安排的学员默认编入本批次；此处列出的继续等待。", "Those waiting from earlier batches join this one unless listed here.")),
            ]);
        string? defined = null;
        var result = await OfficeForms.RunAsync(
            request,
            links,
            List + "/new-batch",
            List,
            act,
            async route =>
            {
                var answer = AsFieldErrors(await ActivatorUtilities.CreateInstance<ShadowTrainingApi>(request.HttpContext.RequestServices)
                    .DefineBatchAsync(request, route["batchId"], cancellationToken).ConfigureAwait(false));
                if (answer is not IStatusCodeHttpResult { StatusCode: >= 400 })
                {
                    defined = route["batchId"];
                }

                return answer;
            },
            cancellationToken).ConfigureAwait(false);

        // Done: on to the batch's board, where the draft's placements are shown and it is confirmed.
        return defined is not null && result is RedirectHttpResult ? TypedResults.Redirect(links.To(Board(defined)) + "#done") : result;
    }

    /// <summary>GET: the form; POST: confirms the draft batch and starts <c>shadow-training-yyyy-MM</c>.</summary>
    [Function("OfficeShadowTrainingConfirm")]
    public Task<IResult> ConfirmAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = List + "/{batchId}/confirm")] HttpRequest request,
        string batchId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var act = new OfficeFormAct(
            links.Say($"确认 {batchId} 批次", $"Confirm batch {batchId}"),
            links.Say(
                "按本页的安排开始培训周：邮件告知学员所在学校校长和基地导师，学员收到确认参训或申请延期的任务；培训周内导师每天记考勤、学员每天写日志，周五导师评价、学员提交总结。确认后不能再修改安排。",
                "Starts the week as placed: the trainees' principals and the mentors are mailed, and each trainee gets a task to confirm or ask to defer; during the week the mentor takes attendance and the trainee writes a journal each day, and on Friday the mentor evaluates and the trainee hands in a summary. The placements cannot change once confirmed."),
            links.Say("确认并开始", "Confirm and start"),
            []);
        return OfficeForms.RunAsync(
            request,
            links,
            Board(batchId) + "/confirm",
            Board(batchId),
            act,
            async _ => AsFieldErrors(await ActivatorUtilities.CreateInstance<ShadowTrainingApi>(request.HttpContext.RequestServices).ConfirmBatchAsync(request, batchId, client, cancellationToken).ConfigureAwait(false)),
            cancellationToken);
    }

    /// <summary>GET: the form with the batch's bases; POST: moves the trainee of the draft batch there, back to the board.</summary>
    [Function("OfficeShadowTrainingMoveTrainee")]
    public async Task<IResult> MoveAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = List + "/{batchId}/placements/{traineeId}")] HttpRequest request,
        string batchId,
        string traineeId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);

        // The bases to choose from are the batch's own; a batch that is not there (or an id that is no key) offers none,
        // and the route says why when the form is posted.
        var batch = BatchDesk.IsBatchId(batchId) ? (await store.Batches.GetAsync(batchId, cancellationToken).ConfigureAwait(false))?.Record : null;
        var placement = batch?.Placements.FirstOrDefault(p => p.TraineeId == traineeId);
        string name = batch?.Candidates.FirstOrDefault(c => c.StaffId == traineeId)?.Name ?? traineeId;
        string? now = placement is null ? null : batch!.Bases.FirstOrDefault(b => b.BaseId == placement.BaseId)?.Name ?? placement.BaseId;
        var act = new OfficeFormAct(
            links.Say($"调整{name}的培训基地", $"Move {name} to another base"),
            links.Say(
                (now is null ? string.Empty : $"{name}目前安排在{now}。") + "把该学员调到本批次的另一所培训基地：该基地须有空余名额，且学员不在本校跟岗。调整记入安排，注明由管理员调整；批次确认后不能再调整。",
                (now is null ? string.Empty : $"{name} is now placed at {now}. ") + "Moves the trainee to another base of this batch, which must have a free place and not be the trainee's own school. The placement says an administrator moved it; once the batch is confirmed, placements no longer change."),
            links.Say("调整基地", "Move"),
            [
                new OfficeFormField(
                    "baseId",
                    links.Say("调往的培训基地", "Base to move to"),
                    Choices: batch is null ? null : [.. batch.Bases.Select(b => (b.BaseId, links.Say(
                        $"{b.Name}（已安排 {batch.Placements.Count(p => p.BaseId == b.BaseId)}/{b.Capacity} 名）",
                        $"{b.Name} ({batch.Placements.Count(p => p.BaseId == b.BaseId)} of {b.Capacity} places taken)")))]),
            ]);
        return await OfficeForms.RunAsync(
            request,
            links,
            Board(batchId) + "/placements/" + Uri.EscapeDataString(traineeId),
            Board(batchId),
            act,
            async _ =>
            {
                // The mover is kept with the placement: the signed-in person, or the master key as the route records it.
                if (OfficeVisitor.Of(request.HttpContext) is { By: OfficeAdmission.StaffSession, StaffId: { } staffId })
                {
                    await OfficeFormBody.AddAsync(request, "adjustedBy", staffId, cancellationToken).ConfigureAwait(false);
                }

                return AsFieldErrors(await Api(request).AdjustPlacementAsync(request, batchId, traineeId, cancellationToken).ConfigureAwait(false));
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GET: the decision's form; POST: raises it to the trainee's week, back to the board.</summary>
    [Function("OfficeShadowTrainingDecideDeferral")]
    public async Task<IResult> DecideDeferralAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = List + "/{batchId}/deferrals/{traineeId}")] HttpRequest request,
        string batchId,
        string traineeId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        var batch = BatchDesk.IsBatchId(batchId) ? (await store.Batches.GetAsync(batchId, cancellationToken).ConfigureAwait(false))?.Record : null;
        string name = batch?.Candidates.FirstOrDefault(c => c.StaffId == traineeId)?.Name ?? traineeId;
        var act = new OfficeFormAct(
            links.Say($"决定{name}的延期申请", $"Decide {name}'s request to defer"),
            links.Say(
                "同意：学员不参加本周培训，转入以后的批次等待安排；不同意：学员仍参加本周培训。决定以邮件告知学员，附上说明；负责人的审核任务随之撤销。培训周开始前仍未决定的，按同意延期处理。",
                "Granted: the trainee leaves this week and waits for a later batch; declined: the trainee stays in this week. The trainee is mailed the decision with the note, and the owner's review task is withdrawn. A request still undecided when the week starts is granted."),
            links.Say("提交决定", "Decide"),
            [
                new OfficeFormField(
                    "approve",
                    links.Say("决定", "Decision"),
                    OfficeFieldKind.YesNo,
                    Choices: [(string.Empty, links.Say("请选择", "Choose")), ("是", links.Say("同意延期", "Grant the deferral")), ("否", links.Say("不同意，参加本周培训", "Decline: the trainee stays in this week"))]),
                new OfficeFormField("note", links.Say("说明", "Note"), OfficeFieldKind.LongText, Hint: links.Say($"写给学员，不超过 {DeferralDecision.MaxNoteLength} 字。", $"For the trainee, at most {DeferralDecision.MaxNoteLength} characters.")),
            ]);
        return await OfficeForms.RunAsync(
            request,
            links,
            Board(batchId) + "/deferrals/" + Uri.EscapeDataString(traineeId),
            Board(batchId),
            act,
            async _ => AsFieldErrors(await ShadowTrainingApi.DecideDeferralAsync(request, batchId, traineeId, client, cancellationToken).ConfigureAwait(false)),
            cancellationToken).ConfigureAwait(false);
    }

    private static ShadowTrainingApi Api(HttpRequest request) => ActivatorUtilities.CreateInstance<ShadowTrainingApi>(request.HttpContext.RequestServices);

    // The route lists its field errors for its scripts as {field, reason, reasonZh}; the office's form reads a route's
    // field errors as FieldErrors, so each is handed over as one, its Chinese reason kept for the page.
    private static IResult AsFieldErrors(IResult answer)
    {
        if (answer is ProblemHttpResult problem && problem.ProblemDetails.Extensions.TryGetValue("errors", out object? errors) && errors is IEnumerable<BatchRefusalError> listed)
        {
            problem.ProblemDetails.Extensions["errors"] = listed.Select(e => new FieldError(e.Field, e.Reason) { ReasonZh = e.ReasonZh }).ToList();
        }

        return answer;
    }

    private static string Board(string batchId) => List + "/" + Uri.EscapeDataString(batchId);
}
