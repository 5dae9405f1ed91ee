using EduFlows.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using EduFlows.Notifications;
using EduFlows.Tasks;
using Microsoft.DurableTask.Client;

namespace EduFlows.StaffPortal;

/// <summary>
/// <c>/api/me</c>: a signed-in staff member's own tasks, results, records and certificates (HTML for browsers, JSON
/// otherwise), and answering
/// a task without its mailed link. Nobody sees or answers anyone else's tasks. The session is read from its cookie
/// (<see cref="StaffSession"/>); every answer under <c>/api/me</c> is kept private like a task link's.
/// </summary>
public sealed class MeApi(TaskDesk desk, HtmlRendering html, IEnumerable<IOwnResults> ownResults, IEnumerable<ITaskFiles> taskFiles, TimeProvider time)
{
    /// <summary>The path of /api/me under the route prefix of the current request.</summary>
    internal static string MePath(HttpContext context)
    {
        string path = context.Request.Path.Value ?? string.Empty;
        int at = path.IndexOf("/me", StringComparison.Ordinal);
        return (at < 0 ? string.Empty : path[..at]) + "/me";
    }

    internal static Task<IResult> PageAsync(
        HttpContext context, HtmlRendering html, string? name, IReadOnlyList<(StaffTask, string, string, string)> open, IReadOnlyList<(StaffTask, string, string, string?)> done,
        string? notice = null, int status = StatusCodes.Status200OK, IReadOnlyList<OwnResult>? results = null, string? returnTo = null) =>
        RenderAsync(html, context.Request.Query["lang"] == "en" ? "en" : "zh-CN", context.Request.PathBase + MePath(context), name, open, done, notice, status, results, returnTo);

    /// <summary>The checked <c>returnTo</c> of a request under /api/me (<see cref="ReturnPath"/>), or null.</summary>
    internal static string? ReturnToOf(HttpContext context, string? returnTo) => ReturnPath.Checked(returnTo, Prefix(context.Request.PathBase + MePath(context)));

    // "/api/" from "/api/me".
    private static string Prefix(string me) => me[..^"me".Length];

    /// <summary>
    /// The sign-in form of /api/me (401) on another staff page reached without a session, with that page's notice;
    /// <paramref name="me"/> is /api/me's path there (the page's own path does not lead to it); the sign-in goes back
    /// to <paramref name="returnTo"/> when it is a page under the same prefix (<see cref="ReturnPath"/>).
    /// </summary>
    internal static Task<IResult> SignInPageAsync(HtmlRendering html, string me, string notice, string culture = Languages.Chinese, string? returnTo = null) =>
        RenderAsync(html, culture, me, null, [], [], notice, StatusCodes.Status401Unauthorized, null, ReturnPath.Checked(returnTo, Prefix(me)));

    private static async Task<IResult> RenderAsync(
        HtmlRendering html, string culture, string me, string? name, IReadOnlyList<(StaffTask, string, string, string)> open, IReadOnlyList<(StaffTask, string, string, string?)> done,
        string? notice, int status, IReadOnlyList<OwnResult>? results, string? returnTo)
    {
        string page = await html.RenderAsync<MePage>(new Dictionary<string, object?>
        {
            [nameof(MePage.Culture)] = culture,
            [nameof(MePage.Name)] = name,
            [nameof(MePage.Open)] = open,
            [nameof(MePage.Done)] = done,
            [nameof(MePage.Notice)] = notice,
            [nameof(MePage.Results)] = results ?? [],
            [nameof(MePage.PathPrefix)] = Prefix(me),
            [nameof(MePage.ReturnTo)] = returnTo,
            [nameof(MePage.SignInUrl)] = me + "/sign-in",
            [nameof(MePage.SignOutUrl)] = me + "/sign-out",
        }).ConfigureAwait(false);
        return Results.Content(page, "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary><c>GET /api/me</c>: the signed-in staff member's open tasks and records; 401 without a session.</summary>
    [Function("MeShow")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.HttpContext;
        TokenPages.KeepTokenPrivate(context.Response);
        bool json = TaskApi.WantsJson(request);
        var user = await StaffSession.UserAsync(context).ConfigureAwait(false);
        if (SignInApi.StaffIdOf(user) is not { } staffId)
        {
            return json
                ? SignInFirst()
                : await PageAsync(context, html, null, [], [], status: StatusCodes.Status401Unauthorized, returnTo: ReturnToOf(context, request.Query[ReturnPath.Name])).ConfigureAwait(false);
        }

        var tasks = await desk.ForAssigneeAsync(staffId, cancellationToken).ConfigureAwait(false);
        var open = new List<StaffTask>();
        foreach (var task in tasks.Where(t => t.Status == StaffTaskStatus.Open))
        {
            // An open task whose process has ended is withdrawn here rather than offered.
            if (await desk.GetCurrentAsync(client, task.Id, cancellationToken).ConfigureAwait(false) is { Status: StaffTaskStatus.Open } current)
            {
                open.Add(current);
            }
        }

        var done = tasks.Where(t => t.Status != StaffTaskStatus.Open).ToList();
        // Each process reads its own tables: together, not one after another (the page waits for the slowest only).
        string culture = request.Query["lang"] == "en" ? Languages.English : Languages.Chinese;
        var results = (await Task.WhenAll(ownResults.Select(source => source.OfAsync(staffId, cancellationToken))).ConfigureAwait(false))
            .SelectMany(r => r).Select(r => r.In(culture)).ToList();
        string prefix = Prefix(context.Request.PathBase + MePath(context));

        if (json)
        {
            return Results.Ok(new
            {
                id = staffId,
                name = user.Identity?.Name,
                openTasks = open.Select(t => new { task = TaskApi.Describe(t, desk.Kinds.Shown(t), desk.Clock), link = desk.Links.For(t) }),
                records = done.Select(t => new { task = TaskApi.Describe(t, desk.Kinds.Shown(t), desk.Clock), link = DoneLink(t, prefix) }),
                results = results.Select(r => new { r.Kind, r.Title, r.Summary, link = r.Path is null ? null : MePath(context)[..^"me".Length] + r.Path }),
            });
        }

        return await PageAsync(
            context,
            html,
            user.Identity?.Name,
            [.. open.Select(t => (t, desk.Kinds.Shown(t).Title.For(culture), desk.Links.For(t).PathAndQuery, desk.Clock.Format(t.DueAt)))],
            [.. done.Select(t => (t, desk.Kinds.Shown(t).Title.For(culture), StatusText(t.Status, culture), DoneLink(t, prefix)))],
            results: results).ConfigureAwait(false);
    }

    /// <summary><c>POST /api/me/tasks/{taskId}</c>: answers one's own task (JSON receipt); someone else's looks like no task (404).</summary>
    [Function("MeSubmitTask")]
    public async Task<IResult> SubmitAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/tasks/{taskId}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string taskId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        TokenPages.KeepTokenPrivate(request.HttpContext.Response);
        if (await StaffSession.StaffIdAsync(request.HttpContext).ConfigureAwait(false) is not { } staffId)
        {
            return SignInFirst();
        }

        // The session cookie rides along with any site's form: an answer posted from another origin is not the person's own.
        if (CrossSitePosts.IsCrossSite(request))
        {
            return FieldProblem.ForStaff(StatusCodes.Status403Forbidden, "Origin", CrossSitePosts.RefusalZh, CrossSitePosts.RefusalEn);
        }

        var (raw, unreadable) = await TaskApi.ReadAnswerAsync(request, cancellationToken).ConfigureAwait(false);
        if (unreadable is not null)
        {
            return unreadable;
        }

        // A task that needs its file (the year-end presentation) takes it only on its own form, with the answer.
        var outcome = await desk.SubmitAsync(client, taskId, staffId, raw!, cancellationToken, TaskApi.FileCheck(taskFiles, null, onThisForm: false)).ConfigureAwait(false);

        // Someone else's task looks the same as no task: nothing about it is revealed.
        return TaskApi.AnswerJson(outcome.Result == SubmitResult.NotAssignee ? outcome with { Result = SubmitResult.NotFound } : outcome);
    }

    /// <summary>The 401 a caller without a session gets under /api/me and on other staff pages: how to sign in, naming the session.</summary>
    internal static ProblemHttpResult SignInFirst() =>
        FieldProblem.ForStaff(StatusCodes.Status401Unauthorized, "session", "请先登录：向 /api/me/sign-in 提交您的工作邮箱。", "Sign in first: POST your e-mail address to /api/me/sign-in.");

    // Where an answered task's row leads: its receipt (the task's own page) while its link is valid, then the page its
    // receipt links to once answered (which opens with the session), if any; a task withdrawn or past due leads nowhere.
    private string? DoneLink(StaffTask task, string prefix) =>
        task.Status != StaffTaskStatus.Submitted ? null
        : task.DueAt > time.GetUtcNow() ? desk.Links.For(task).PathAndQuery
        : task.FollowUp is { } followUp ? prefix + followUp.Path
        : null;

    private static string StatusText(StaffTaskStatus status, string culture) => (status, culture == "en") switch
    {
        (StaffTaskStatus.Submitted, true) => "submitted",
        (StaffTaskStatus.Submitted, false) => "已提交",
        (StaffTaskStatus.Expired, true) => "expired",
        (StaffTaskStatus.Expired, false) => "已逾期",
        (_, true) => "withdrawn",
        _ => "已撤销",
    };
}
