using EduFlows.Hosting;
using System.Text.Json;
using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.Tasks.Pages;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;

namespace EduFlows.Tasks;

/// <summary>
/// <c>/api/tasks/{taskId}?token=…</c>, the links in task mail. <c>GET</c> shows the task's form (HTML for browsers,
/// JSON with <c>Accept: application/json</c>); <c>POST</c> takes the answer as a form or JSON. The token is the only
/// credential: 401 missing or forged, 403 another task's, 410 past due; then 409 already answered differently,
/// 410 expired or cancelled, 422 field errors. A refused request changes nothing. Every answer, refusals included,
/// is kept private (<see cref="TokenPages.KeepTokenPrivate"/>): its address carries the token.
/// </summary>
public sealed class TaskApi(TaskTokenSigner signer, TaskDesk desk, HtmlRendering html, IEnumerable<ITaskFiles> files)
{
    /// <summary>The largest answer accepted; forms are short.</summary>
    public const int MaxAnswerBytes = 64 * 1024;

    /// <summary>The route of one task, under the route prefix.</summary>
    private const string TaskRoute = "tasks/{taskId}";

    /// <summary><c>GET /api/tasks/{taskId}?token=…[&amp;lang=en|zh-CN]</c>: the task's form, or its JSON description.</summary>
    [Function("TaskShow")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = TaskRoute)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string taskId,
        string? token,
        string? lang,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        TokenPages.KeepTokenPrivate(request.HttpContext.Response);
        bool json = WantsJson(request);
        if (Refuse(signer.Check(token, taskId, out var claims), json, lang) is { } refused)
        {
            return refused;
        }

        var task = await desk.GetCurrentAsync(client, taskId, cancellationToken).ConfigureAwait(false);
        if (task is null || task.AssigneeId != claims!.AssigneeId)
        {
            return NotFound(json, lang);
        }

        if (task.Status is StaffTaskStatus.Cancelled or StaffTaskStatus.Expired)
        {
            // Closed: 410 as a POST would answer, with why (withdrawn or past due), like the GET's other refusals.
            return json
                ? FieldProblem.ForStaff(StatusCodes.Status410Gone, "taskId", ClosedReason(task, "zh-CN"), ClosedReason(task, "en"), [new("taskStatus", task.Status)])
                : Message(StatusCodes.Status410Gone, lang, "Task closed", ClosedReason(task, "en"), ClosedReason(task, "zh-CN"));
        }

        if (desk.Kinds.Find(task) is not { } kind)
        {
            return Unregistered(task, json, lang);
        }

        return json
            ? TypedResults.Ok(Describe(task, kind, desk.Clock))
            : await PageAsync(html, task, kind, desk, request, lang, StatusCodes.Status200OK).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST /api/tasks/{taskId}?token=…</c>: the answer, as a form (answered with a page) or JSON (with the receipt).
    /// A task that asks for a file (<see cref="StaffTask.Upload"/>) takes it in the same multipart form, field
    /// <c>file</c>: the file and the answer are checked together, and kept only when both are right.
    /// </summary>
    [Function("TaskSubmit")]
    public async Task<IResult> SubmitAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = TaskRoute)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string taskId,
        string? token,
        string? lang,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        TokenPages.KeepTokenPrivate(request.HttpContext.Response);
        bool json = WantsJson(request) || request.HasJsonContentType();
        if (Refuse(signer.Check(token, taskId, out var claims), json, lang) is { } refused)
        {
            return refused;
        }

        var (raw, file, unreadable) = await ReadAnswerAsync(request, TaskUpload.DefaultMaxBytes, cancellationToken).ConfigureAwait(false);
        if (unreadable is not null)
        {
            return unreadable;
        }

        var outcome = await desk.SubmitAsync(client, taskId, claims!.AssigneeId, raw!, cancellationToken, FileCheck(files, file, onThisForm: true)).ConfigureAwait(false);
        if (outcome.Task is null)
        {
            return NotFound(json, lang);
        }

        if (desk.Kinds.Find(outcome.Task) is not { } kind)
        {
            // Nothing was stored: the desk takes no answer for a kind it cannot check it against.
            return json ? AnswerJson(outcome)
                : outcome.Result == SubmitResult.Closed ? Message(StatusCodes.Status410Gone, lang, "Task closed", ClosedReason(outcome.Task, "en"), ClosedReason(outcome.Task, "zh-CN"))
                : Unregistered(outcome.Task, json, lang);
        }

        if (!json)
        {
            int status = outcome.Result switch
            {
                SubmitResult.Invalid => StatusCodes.Status422UnprocessableEntity,
                SubmitResult.AlreadySubmitted => StatusCodes.Status409Conflict,
                SubmitResult.Closed => StatusCodes.Status410Gone,
                _ => StatusCodes.Status200OK,
            };
            return await PageAsync(html, outcome.Task, kind, desk, request, lang, status, outcome.Errors, raw).ConfigureAwait(false);
        }

        return AnswerJson(outcome);
    }

    /// <summary>
    /// Reads an answer posted as a form or JSON (at most <see cref="MaxAnswerBytes"/>); on failure returns the refusal
    /// (413, 415, 400 malformed JSON, 422 a member that is a list or an object).
    /// </summary>
    internal static async Task<(Dictionary<string, string?>? Raw, ProblemHttpResult? Refusal)> ReadAnswerAsync(HttpRequest request, CancellationToken ct)
    {
        var (raw, _, refusal) = await ReadAnswerAsync(request, 0, ct).ConfigureAwait(false);
        return (raw, refusal);
    }

    /// <summary>
    /// Reads an answer posted as a form or JSON, and from a multipart form also its file (field <c>file</c>) of at most
    /// <paramref name="maxFileBytes"/> beside the answer's <see cref="MaxAnswerBytes"/>; on failure returns the refusal.
    /// </summary>
    internal static async Task<(Dictionary<string, string?>? Raw, IFormFile? File, ProblemHttpResult? Refusal)> ReadAnswerAsync(HttpRequest request, long maxFileBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        bool multipart = request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true;
        long max = MaxAnswerBytes + (multipart ? maxFileBytes : 0);
        if (request.ContentLength > max)
        {
            return (null, null, max > MaxAnswerBytes
                ? FieldProblem.ForStaff(StatusCodes.Status413PayloadTooLarge, "file", $"所选文件过大：连同答案一次最多 {max / (1024 * 1024)} MB，未保存任何内容。", $"The file and the answer may be at most {max} bytes together.")
                : FieldProblem.ForStaff(StatusCodes.Status413PayloadTooLarge, "body", $"答案过长，最多 {MaxAnswerBytes} 字节。", $"An answer may be at most {MaxAnswerBytes} bytes."));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max;
        }

        if (request.HasFormContentType)
        {
            var (form, unreadable) = await request.ReadFormOrProblemAsync(ct).ConfigureAwait(false);
            if (unreadable is not null)
            {
                return (null, null, unreadable);
            }

            // The form's text fields are the answer; its files are not (a browser posts an empty one when none was chosen).
            var fromForm = form!.ToDictionary(f => f.Key, f => (string?)f.Value.ToString(), StringComparer.Ordinal);
            var textErrors = TaskForm.CheckText(fromForm);
            var file = maxFileBytes > 0 ? form!.Files.GetFile(TaskUpload.FieldName) is { Length: > 0 } chosen ? chosen : null : null;
            return textErrors.Count > 0 ? (null, null, NotText(textErrors[0])) : (fromForm, file, null);
        }

        if (!request.HasJsonContentType())
        {
            return (null, null, FieldProblem.ForStaff(StatusCodes.Status415UnsupportedMediaType, "Content-Type", "请以表单或 JSON 格式提交答案。", "Send the answer as application/x-www-form-urlencoded or application/json."));
        }

        if (HttpBody.RefuseCharset(request) is { } charset)
        {
            return (null, null, charset);
        }

        JsonElement body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return (null, null, FieldProblem.ForStaff(StatusCodes.Status400BadRequest, "body", "提交的内容不是有效的 JSON。", "The body is not valid JSON: " + ex.Message));
        }

        var (raw, shapeErrors) = TaskForm.FromJson(body);
        if (shapeErrors.FirstOrDefault(e => e.Reason == TaskForm.NotText) is { } notText)
        {
            return (null, null, NotText(notText));
        }

        return shapeErrors.Count > 0 ? (null, null, Invalid(shapeErrors)) : (raw, null, null);
    }

    /// <summary>
    /// The desk's check of a task's file (<see cref="TaskDesk.SubmitAsync"/>): for an open task that asks for one, the
    /// file posted with the answer is checked with it (so one correction mends the form) and kept only when both are
    /// right, before the answer is stored: an answer stored without its file would let the process go on without it.
    /// Tasks that ask for no file cost nothing. <paramref name="onThisForm"/> false: the caller cannot post a file
    /// (<c>/api/me</c>), so a missing one is refused with where to post it.
    /// </summary>
    internal static Func<StaffTask, bool, CancellationToken, Task<IReadOnlyList<FieldError>>> FileCheck(IEnumerable<ITaskFiles> files, IFormFile? file, bool onThisForm) =>
        async (task, answerRight, ct) =>
        {
            if (task.Upload is not { } upload)
            {
                return [];
            }

            var keeper = files.FirstOrDefault(f => f.Kind == task.Kind)
                ?? throw new InvalidOperationException($"Task kind '{task.Kind}' asks for a file, but nothing keeps its files (register an {nameof(ITaskFiles)}).");
            string label = upload.Label.Zh, types = upload.Types?.Zh ?? upload.Accept, typesEn = upload.Types?.En ?? upload.Accept;
            long mb = upload.MaxBytes / (1024 * 1024);
            FieldError? fileError = file switch
            {
                null when upload.Required && !await keeper.HasFileAsync(task, ct).ConfigureAwait(false) => onThisForm
                    ? new(TaskUpload.FieldName, $"is required: choose the {upload.Label.En} ({typesEn}, at most {mb} MB).") { ReasonZh = $"请选择“{label}”文件（{types}，最大 {mb} MB）后再提交。" }
                    : new(TaskUpload.FieldName, $"is required: this task needs the {upload.Label.En} file ({typesEn}); open the form from the task mail's link and submit the file with the answer.") { ReasonZh = $"此任务须附“{label}”文件（{types}）：请从任务邮件中的链接打开表单，选好文件后与答复一并提交。" },
                null => null,
                { Length: var length } when length > upload.MaxBytes =>
                    new(TaskUpload.FieldName, $"must be at most {mb} MB.") { ReasonZh = $"“{label}”文件过大：最大 {mb} MB，所选文件约 {Math.Ceiling(length / (1024m * 1024m))} MB。" },
                _ when !upload.Takes(file.FileName) =>
                    new(TaskUpload.FieldName, $"must be one of {upload.Accept}.") { ReasonZh = $"“{label}”只接受 {types} 文件。" },
                _ => null,
            };
            if (fileError is not null)
            {
                return [fileError];
            }

            if (file is not null && answerRight)
            {
                await keeper.SaveAsync(task, file, ct).ConfigureAwait(false);
            }

            return [];
        };

    private static ProblemHttpResult NotText(FieldError error) =>
        FieldProblem.ForStaff(StatusCodes.Status400BadRequest, error.Field, $"{error.Field}：{error.ReasonFor(Notifications.Languages.Chinese)}", $"{error.Field}: {error.Reason}");

    /// <summary>The JSON answer to a submission: the receipt, or problem+json saying why not.</summary>
    internal static IResult AnswerJson(SubmitOutcome outcome) => outcome.Result switch
    {
        SubmitResult.Accepted or SubmitResult.AlreadyAccepted => TypedResults.Ok(outcome.Receipt),
        SubmitResult.AlreadySubmitted => FieldProblem.ForStaff(
            StatusCodes.Status409Conflict, "taskId", $"该任务已提交过（回执 {outcome.Receipt?.ReceiptId}），答案不能更改，本次提交未保存。", $"This task was already answered (receipt {outcome.Receipt?.ReceiptId}); the answer cannot be changed.", [new("receiptId", outcome.Receipt?.ReceiptId)]),
        SubmitResult.Closed => FieldProblem.ForStaff(StatusCodes.Status410Gone, "taskId", ClosedReason(outcome.Task!, "zh-CN"), ClosedReason(outcome.Task!, "en")),
        SubmitResult.Invalid => Invalid(outcome.Errors),
        SubmitResult.NotAssignee => FieldProblem.ForStaff(StatusCodes.Status403Forbidden, "token", "该链接不属于此任务。", "This link is not for this task."),
        SubmitResult.UnregisteredKind => UnregisteredProblem(outcome.Task!),
        _ => FieldProblem.ForStaff(StatusCodes.Status404NotFound, "taskId", "任务不存在。", "There is no such task."),
    };

    /// <summary>The JSON shape of a task: what the form shows, and the answer once given.</summary>
    internal static object Describe(StaffTask task, TaskKind kind, BureauClock clock) => new
    {
        task.Id,
        task.Kind,
        Title = kind.Title.For(task.Culture),
        Instructions = kind.Instructions.For(task.Culture),
        task.Subject,
        Context = task.Context.Select(c => new { Label = c.Key, c.Value }),
        task.AssigneeName,
        task.DueAt,
        DueLocal = clock.Format(task.DueAt),
        task.Status,
        Fields = kind.Fields.Select(f => new
        {
            f.Name,
            Label = f.Label.For(task.Culture),
            f.Type,
            f.Required,
            f.MaxLength,
            f.Min,
            f.Max,
            Options = f.Options.Select(o => new { o.Value, Label = o.Label.For(task.Culture) }),
        }),
        task.Receipt,
    };

    internal static string ClosedReason(StaffTask task, string culture)
    {
        bool en = Languages.IsEnglish(culture);
        return task.Status == StaffTaskStatus.Cancelled
            ? (en ? "This task was withdrawn: its process has ended. Nothing more is needed from you." : "该任务已撤销（所属流程已结束），无需再办理。")
            : (en ? "This task is past its due time and can no longer be answered. It has been passed on as the process requires." : "该任务已过截止时间，无法再提交，已按流程转交处理。");
    }

    internal static string PageCulture(StaffTask task, string? lang) => lang switch
    {
        "en" => "en",
        "zh" or "zh-CN" => "zh-CN",
        _ => task.Culture,
    };

    // The follow-up page sits beside /tasks under the same route prefix and takes the same token (or the session).
    private static string? FollowUpUrl(StaffTask task, HttpRequest request)
    {
        if (task.FollowUp is not { } followUp || task.Status != StaffTaskStatus.Submitted)
        {
            return null;
        }

        string path = request.Path.Value ?? string.Empty;
        int at = path.IndexOf("/tasks/", StringComparison.Ordinal);
        string prefix = request.PathBase + (at < 0 ? string.Empty : path[..at]);
        string url = $"{prefix}/{followUp.Path}";
        return request.Query["token"].FirstOrDefault() is { Length: > 0 } token
            ? Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(url, "token", token)
            : url;
    }

    internal static async Task<IResult> PageAsync(
        HtmlRendering html, StaffTask task, TaskKind kind, TaskDesk desk, HttpRequest request, string? lang, int status,
        IReadOnlyList<FieldError>? errors = null, IReadOnlyDictionary<string, string?>? entered = null)
    {
        string culture = PageCulture(task, lang);
        string here = request.Path + request.QueryString;
        string other = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(
            request.Path, request.Query.Where(q => q.Key != "lang").SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
                .Append(new("lang", culture == "en" ? "zh-CN" : "en")));
        string? closed = task.Status is StaffTaskStatus.Expired or StaffTaskStatus.Cancelled || (task.Status == StaffTaskStatus.Open && status == StatusCodes.Status410Gone)
            ? ClosedReason(task, culture)
            : null;
        string page = await html.RenderAsync<TaskFormPage>(new Dictionary<string, object?>
        {
            [nameof(TaskFormPage.Task)] = task,
            [nameof(TaskFormPage.Kind)] = kind,
            [nameof(TaskFormPage.Culture)] = culture,
            [nameof(TaskFormPage.ActionUrl)] = here,
            [nameof(TaskFormPage.LanguageSwitchUrl)] = other,
            [nameof(TaskFormPage.DueText)] = desk.Clock.FormatForStaff(task.DueAt, culture),
            [nameof(TaskFormPage.SubmittedText)] = task.SubmittedAt is { } at ? desk.Clock.Format(at) : null,
            [nameof(TaskFormPage.Receipt)] = task.Receipt,
            [nameof(TaskFormPage.ChangeRefused)] = status == StatusCodes.Status409Conflict,
            [nameof(TaskFormPage.Closed)] = closed,
            [nameof(TaskFormPage.Errors)] = errors ?? [],
            [nameof(TaskFormPage.Entered)] = entered ?? new Dictionary<string, string?>(),
            [nameof(TaskFormPage.FollowUpUrl)] = FollowUpUrl(task, request),
        }).ConfigureAwait(false);
        return Results.Content(page, "text/html; charset=utf-8", statusCode: status);
    }

    private static IResult? Refuse(TaskTokenCheck check, bool json, string? lang)
    {
        var (status, en, zh) = check switch
        {
            TaskTokenCheck.Unauthenticated => (StatusCodes.Status401Unauthorized, "This link is incomplete or not genuine. Open the link from your e-mail again, or sign in to see your tasks.", "链接不完整或无效。请重新打开邮件中的链接，或登录查看您的任务。"),
            TaskTokenCheck.OtherTask => (StatusCodes.Status403Forbidden, "This link belongs to another task.", "该链接不属于此任务。"),
            TaskTokenCheck.Expired => (StatusCodes.Status410Gone, "This link has expired: the task was due and can no longer be answered.", "链接已过期：任务已截止，无法再提交。"),
            _ => (0, string.Empty, string.Empty),
        };
        if (status == 0)
        {
            return null;
        }

        // Whoever holds the link reads the refusal, in an app or a browser: zh-CN unless the link asks for English.
        return json
            ? FieldProblem.Of(status, "token", lang == "en" ? en : zh)
            : Message(status, lang, "Link not usable", en, zh);
    }

    /// <summary>The title of the refusal of a task whose kind is not registered.</summary>
    internal const string UnregisteredTitle = "任务类型未登记";

    // A task opened under a kind since renamed or retired: no form to show or check an answer against (409). The kind's
    // name is for whoever mends it, in the problem's members, not in the sentence the person reads.
    private static IResult Unregistered(StaffTask task, bool json, string? lang) => json
        ? UnregisteredProblem(task)
        : Message(StatusCodes.Status409Conflict, lang, "Task form unavailable", UnregisteredReason(task, "en"), UnregisteredReason(task, "zh-CN"));

    private static ProblemHttpResult UnregisteredProblem(StaffTask task) => FieldProblem.Of(
        StatusCodes.Status409Conflict,
        "taskId",
        $"{UnregisteredReason(task, "zh-CN")} {UnregisteredReason(task, "en")}",
        [new("taskKind", task.Kind), new("taskStatus", task.Status)],
        UnregisteredTitle);

    private static string UnregisteredReason(StaffTask task, string culture)
    {
        bool en = Languages.IsEnglish(culture);
        string reason = TaskKindCatalog.UnregisteredReason.For(culture);
        return task.Receipt is { } receipt
            ? reason + (en ? $" Your answer was received earlier (receipt {receipt.ReceiptId})." : $"您此前的答案已收到（回执 {receipt.ReceiptId}）。")
            : reason;
    }

    private static IResult NotFound(bool json, string? lang) => json
        ? FieldProblem.ForStaff(StatusCodes.Status404NotFound, "taskId", "任务不存在。", "There is no such task.")
        : Message(StatusCodes.Status404NotFound, lang, "Task not found", "There is no such task.", "任务不存在。");

    private static RenderedPage<MessagePage> Message(int status, string? lang, string headingEn, string en, string zh)
    {
        bool english = lang == "en";
        var page = new Dictionary<string, object?>
        {
            [nameof(MessagePage.Culture)] = english ? "en" : "zh-CN",
            [nameof(MessagePage.Heading)] = english ? headingEn : "无法打开任务",
            [nameof(MessagePage.Detail)] = english ? en : zh,
        };
        return new RenderedPage<MessagePage>(page, status);
    }

    /// <summary>True when the caller asks for JSON rather than a page.</summary>
    internal static bool WantsJson(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("application/json", StringComparison.OrdinalIgnoreCase) && !a.Contains("text/html", StringComparison.OrdinalIgnoreCase));

    private static ProblemHttpResult Invalid(IReadOnlyList<FieldError> errors) => FieldProblem.InvalidForStaff(errors, "答案有误，未保存。", "The answer is not valid; nothing was stored.");
}
