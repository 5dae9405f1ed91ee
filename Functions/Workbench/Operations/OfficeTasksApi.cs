using EduFlows.Hosting;
using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.Storage;
using EduFlows.Tasks;
using Microsoft.DurableTask.Client;

namespace EduFlows.Workbench.Operations;

/// <summary>
/// <c>/api/office/tasks</c> (master key): the open and overdue tasks by process, person and school, with the reminders
/// written, and the tasks escalated to a supervisor in the period chosen (<c>days</c>, one of <see cref="EscalationPeriods"/>;
/// <see cref="EscalationDays"/> unless chosen) however they ended (a page for the browser, the same as JSON for a caller
/// asking only for <c>application/json</c>); and
/// <c>/api/office/tasks/{taskId}/resend</c>, which writes the task's mail to the outbox again (GET asks, POST does it).
/// </summary>
public sealed class OfficeTasksApi(
    IConfiguration configuration,
    StaffTaskStore tasks,
    DirectoryStore directory,
    MailOutbox outbox,
    TaskDesk desk,
    StaffNotices notices,
    MailSender sender,
    TimeProvider time,
    OfficeActLog acts)
{
    /// <summary>How far back the page lists escalations unless another period is chosen, in days.</summary>
    public const int EscalationDays = 90;

    /// <summary>The periods the office can choose for the escalations (the <c>days</c> query parameter), in days.</summary>
    public static readonly IReadOnlyList<int> EscalationPeriods = [7, 30, EscalationDays, 365];

    /// <summary>How many escalations the page lists (the newest of those matching its filters); the counts say how many there were.</summary>
    public const int EscalationsShown = 50;

    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>The task page.</summary>
    [Function("OfficeTasks")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/tasks")] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var links = OfficeLinks.From(request, _routePrefix);
        var now = time.GetUtcNow();
        int days = EscalationDays;
        if (Query(request, "days") is { } daysText
            && (!int.TryParse(daysText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out days) || !EscalationPeriods.Contains(days)))
        {
            // Refused before anything is read: the page shows the reason and the filters to choose again.
            return Render(
                links,
                new OfficeTaskFilter(Query(request, "process"), Query(request, "person"), Query(request, "school"), false, [], []) { Days = EscalationDays },
                [],
                [],
                (0, null, 0),
                now,
                StatusCodes.Status400BadRequest,
                ("days", links.Say(
                    $"“升级时间范围”只能从列表中选择（近 {string.Join("、", EscalationPeriods)} 天）。",
                    $"Choose the escalation period from the list (the last {string.Join(", ", EscalationPeriods)} days).")));
        }

        var open = await tasks.AllOpenAsync(cancellationToken).ConfigureAwait(false);
        string? process = Query(request, "process");
        string? person = Query(request, "person");
        string? school = Query(request, "school");
        bool overdueOnly = Query(request, "overdue") is "1" or "true" or "on";
        bool filtered = process is not null || person is not null || school is not null;

        // Escalations stay listed once answered or closed, so the office sees that one happened.
        var periodFrom = now.AddDays(-days);
        var inPeriod = await tasks.EscalatedAsync(periodFrom, now.AddTicks(1), cancellationToken).ConfigureAwait(false);

        // Each instance, assignee and task is read once, all at the same time: the office has hundreds of open tasks, not
        // thousands. Every open task's instance is read (the process filter offers the processes of all of them); the
        // assignee only of one the person filter keeps (its school is filtered on and shown), and the late task, mails
        // and digests only of the rows shown.
        var instances = await ReadAllAsync(open.Select(t => t.InstanceId), id => client.GetInstanceAsync(id, cancellation: cancellationToken)).ConfigureAwait(false);
        bool PersonMatches(StaffTask t) =>
            person is null || t.AssigneeId.Equals(person, StringComparison.OrdinalIgnoreCase) || t.AssigneeName.Contains(person, StringComparison.Ordinal);
        var people = await ReadAllAsync(open.Where(PersonMatches).Select(t => t.AssigneeId), id => directory.Staff.GetAsync(id, cancellationToken)).ConfigureAwait(false);
        var schools = (await directory.Schools.AllAsync(cancellationToken).ConfigureAwait(false)).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        var schoolNames = schools.ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal);

        string ProcessOf(StaffTask t) => instances.GetValueOrDefault(t.InstanceId)?.Name ?? string.Empty;
        string? SchoolOf(StaffTask t) => people.GetValueOrDefault(t.AssigneeId)?.SchoolId;
        bool Matches(StaffTask t) =>
            (process is null || string.Equals(ProcessOf(t), process, StringComparison.OrdinalIgnoreCase))
            && PersonMatches(t)
            && (school is null || SchoolOf(t) == school);
        var openShown = open.Where(Matches).Where(t => !overdueOnly || t.DueAt < now).OrderBy(t => t.DueAt).ToList();
        var escalatedFrom = await ReadAllAsync(openShown.Select(t => t.EscalatedFrom).OfType<string>(), id => tasks.GetAsync(id, cancellationToken)).ConfigureAwait(false);
        StaffTask? LateOf(StaffTask t) => t.EscalatedFrom is { } from ? escalatedFrom.GetValueOrDefault(from)?.Record : null;
        var mails = await ReadAllAsync(openShown.Select(t => t.Id), id => outbox.ForTaskAsync(id, cancellationToken)).ConfigureAwait(false);

        // A reviewer's tasks due together are reminded by one digest a day, under an id none of them starts: read once
        // for each such group, and counted for each task it names.
        var digests = await ReadAllAsync(openShown.Select(TaskDesk.DigestIdPrefix), prefix => outbox.WithIdPrefixAsync(prefix, cancellationToken)).ConfigureAwait(false);

        // An escalation matches the filters by the supervisor's task or by the late one (whose assignee the office looks
        // for as well), in the process of its instance (the late task's too: an escalation is opened by the instance whose
        // task was late). A period holds up to a year of them, so each check reads only what it needs, the row's own
        // columns first: the late task only when the supervisor's columns do not match, schools and instances only for
        // the rows still in; then the details of the rows shown.
        var matching = inPeriod;
        if (filtered)
        {
            var bySupervisor = inPeriod.Where(PersonMatches).ToList();
            await ReadMissingAsync(people, school is null ? [] : bySupervisor.Select(t => t.AssigneeId), id => directory.Staff.GetAsync(id, cancellationToken)).ConfigureAwait(false);
            var ownMatch = bySupervisor.Where(t => school is null || SchoolOf(t) == school).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
            await ReadMissingAsync(
                escalatedFrom, inPeriod.Where(t => !ownMatch.Contains(t.Id)).Select(t => t.EscalatedFrom!), id => tasks.GetAsync(id, cancellationToken)).ConfigureAwait(false);
            var byLate = inPeriod.Where(t => !ownMatch.Contains(t.Id) && LateOf(t) is { } late && PersonMatches(late)).ToList();
            await ReadMissingAsync(people, school is null ? [] : byLate.Select(t => LateOf(t)!.AssigneeId), id => directory.Staff.GetAsync(id, cancellationToken)).ConfigureAwait(false);
            var personAndSchool = byLate.Where(t => school is null || SchoolOf(LateOf(t)!) == school).Select(t => t.Id).Concat(ownMatch).ToHashSet(StringComparer.Ordinal);
            await ReadMissingAsync(
                instances,
                process is null ? [] : inPeriod.Where(t => personAndSchool.Contains(t.Id)).Select(t => t.InstanceId),
                id => client.GetInstanceAsync(id, cancellation: cancellationToken)).ConfigureAwait(false);
            matching = [.. inPeriod.Where(t => personAndSchool.Contains(t.Id) && (process is null || string.Equals(ProcessOf(t), process, StringComparison.OrdinalIgnoreCase)))];
        }

        var shown = matching.Take(EscalationsShown).ToList();
        await ReadMissingAsync(instances, shown.Select(t => t.InstanceId), id => client.GetInstanceAsync(id, cancellation: cancellationToken)).ConfigureAwait(false);
        await ReadMissingAsync(escalatedFrom, shown.Select(t => t.EscalatedFrom!), id => tasks.GetAsync(id, cancellationToken)).ConfigureAwait(false);
        string ProcessTitle(StaffTask t) =>
            ProcessOf(t) is { Length: > 0 } name ? OfficeProcess.Of(name).Title(links.Culture) : links.Say("（流程已不存在）", "(process gone)");

        var rows = openShown
            .Select(t =>
            {
                var sent = (mails.GetValueOrDefault(t.Id) ?? [])
                    .Concat((digests.GetValueOrDefault(TaskDesk.DigestIdPrefix(t)) ?? []).Where(m => m.TaskIds?.Contains(t.Id, StringComparer.Ordinal) == true))
                    .OrderBy(m => m.CreatedAt)
                    .ToList();
                var kind = desk.Kinds.Find(t);
                return new OfficeTaskRow(
                    t.Id,
                    (kind?.Title ?? TaskKindCatalog.UnregisteredTitle).For(links.Culture),
                    t.Subject,
                    t.AssigneeId,
                    t.AssigneeName,
                    SchoolOf(t) is { } s ? schoolNames.GetValueOrDefault(s, s) : string.Empty,
                    ProcessTitle(t),
                    t.InstanceId,
                    desk.Clock.Format(t.DueAt),
                    t.DueAt < now,
                    sent.Count(m => m.Template == TaskMails.Reminder),
                    sent.Count == 0 ? string.Empty : StatusNames.Of(sent[^1].Status, links),
                    t.EscalatedFrom is { } from ? LateOf(t)?.AssigneeName ?? from : null)
                {
                    UnregisteredKind = kind is null ? t.Kind : null,
                };
            })
            .ToList();

        int? matchingCount = filtered ? matching.Count : null;
        var escalations = shown
            .Select(t =>
            {
                var late = LateOf(t);
                return new OfficeEscalationRow(
                    t.Id,
                    (desk.Kinds.Find(t)?.Title ?? TaskKindCatalog.UnregisteredTitle).For(links.Culture),
                    t.Subject,
                    t.EscalatedFrom!,
                    late?.AssigneeId ?? string.Empty,
                    late?.AssigneeName ?? t.EscalatedFrom!,
                    late is null ? string.Empty : desk.Clock.Format(late.DueAt),
                    t.AssigneeId,
                    t.AssigneeName,
                    ProcessTitle(t),
                    t.InstanceId,
                    desk.Clock.Format(t.CreatedAt),
                    desk.Clock.Format(t.DueAt),
                    StatusNames.Of(t.Status, links),
                    (t.SubmittedAt ?? t.ClosedAt) is { } ended ? desk.Clock.Format(ended) : string.Empty);
            })
            .ToList();

        var filter = new OfficeTaskFilter(
            process,
            person,
            school,
            overdueOnly,
            [.. open.Select(ProcessOf).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Select(OfficeProcess.Of)
                .OrderBy(p => p.Order).Select(p => (p.Orchestrator, p.Title(links.Culture)))],
            [.. schools.Select(s => (s.Id, s.Name))])
        {
            Days = days,
        };
        if (request.AsksForJsonOnly())
        {
            return TypedResults.Ok(new
            {
                now = TimeZoneInfo.ConvertTime(now, desk.Clock.Zone),
                zone = desk.Clock.Zone.Id,
                zoneName = desk.Clock.ZoneName(links.Culture),
                openTasks = open.Count,
                overdueTasks = open.Count(t => t.DueAt < now),
                escalatedOpenTasks = open.Count(t => t.EscalatedFrom is not null),
                tasks = rows,
                escalationDays = days,
                escalationPeriod = new { days, from = TimeZoneInfo.ConvertTime(periodFrom, desk.Clock.Zone), to = TimeZoneInfo.ConvertTime(now, desk.Clock.Zone) },
                escalationsInPeriod = matchingCount ?? inPeriod.Count,
                escalationsInPeriodUnfiltered = inPeriod.Count,
                escalations,
            });
        }

        return Render(links, filter, rows, escalations, (inPeriod.Count, matchingCount, open.Count(t => t.EscalatedFrom is not null)), now, StatusCodes.Status200OK, null, open);
    }

    private RenderedPage<OfficeTasksPage> Render(
        OfficeLinks links,
        OfficeTaskFilter filter,
        IReadOnlyList<OfficeTaskRow> rows,
        IReadOnlyList<OfficeEscalationRow> escalations,
        (int InPeriod, int? Matching, int OpenEscalated) counts,
        DateTimeOffset now,
        int status,
        (string Field, string Detail)? refusal,
        List<StaffTask>? open = null) =>
        new(
            new Dictionary<string, object?>
            {
                [nameof(OfficeTasksPage.Links)] = links,
                [nameof(OfficeTasksPage.Filter)] = filter,
                [nameof(OfficeTasksPage.Rows)] = rows,
                [nameof(OfficeTasksPage.Escalations)] = escalations,
                [nameof(OfficeTasksPage.EscalationsInPeriod)] = counts.InPeriod,
                [nameof(OfficeTasksPage.EscalationsMatching)] = counts.Matching,
                [nameof(OfficeTasksPage.EscalationDays)] = filter.Days,
                [nameof(OfficeTasksPage.OpenCount)] = open?.Count ?? 0,
                [nameof(OfficeTasksPage.OverdueCount)] = open?.Count(t => t.DueAt < now) ?? 0,
                [nameof(OfficeTasksPage.EscalatedCount)] = counts.OpenEscalated,
                [nameof(OfficeTasksPage.Now)] = desk.Clock.Format(now),
                [nameof(OfficeTasksPage.Zone)] = desk.Clock.ZoneName(links.Culture),
                [nameof(OfficeTasksPage.ErrorField)] = refusal?.Field,
                [nameof(OfficeTasksPage.Error)] = refusal?.Detail,
            },
            status,
            refusal);

    /// <summary>Resending a task's mail: GET shows what will be sent to whom, POST writes it to the outbox and sends it.</summary>
    [Function("OfficeTaskResend")]
    public async Task<IResult> ResendAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/tasks/{taskId}/resend")] HttpRequest request, string taskId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var links = OfficeLinks.From(request, _routePrefix);
        string path = $"office/tasks/{Uri.EscapeDataString(taskId)}/resend";
        var action = new ConfirmAction
        {
            Heading = links.Say("重发任务邮件", "Resend the task mail"),
            WillHappen = string.Empty,
            PostTo = links.To(path),
            Button = links.Say("确认重发", "Resend"),
            Back = links.To("office/tasks"),
        };

        var task = (await tasks.GetAsync(taskId, cancellationToken).ConfigureAwait(false))?.Record;
        if (task is null)
        {
            return Page(links, path, action with { Possible = false, ErrorField = "taskId", Error = links.Say($"没有编号为 {taskId} 的任务。", $"There is no task {taskId}.") }, StatusCodes.Status404NotFound);
        }

        var assignee = await directory.Staff.GetAsync(task.AssigneeId, cancellationToken).ConfigureAwait(false);
        var kind = desk.Kinds.Find(task);
        action = action with
        {
            Facts =
            [
                (links.Say("任务", "Task"), (kind?.Title ?? TaskKindCatalog.UnregisteredTitle).For(links.Culture), false),
                .. kind is null ? [(links.Say("任务类型", "Task kind"), task.Kind, true)] : Array.Empty<(string, string, bool)>(),
                (links.Say("事项", "About"), task.Subject, false),
                (links.Say("接收人", "To"), task.AssigneeName, false),
                (links.Say("邮箱", "Address"), assignee?.Email ?? links.Say("（无）", "(none)"), assignee?.Email is not null),
                (links.Say("截止时间", "Due"), desk.Clock.Format(task.DueAt), false),
                (links.Say("任务编号", "Task id"), task.Id, true),
            ],
            WillHappen = links.Say(
                "将按名录中的当前邮箱，把这项任务的邮件（链接不变）重新写入发件箱并立即发送；原邮件的记录保留不变。",
                "The task's mail (same link) is written to the outbox again for the address now in the directory and sent at once; the original mail's record stays as it is."),
        };

        string? refusal = task.Status != StaffTaskStatus.Open
            ? links.Say($"这项任务已是“{StatusNames.Of(task.Status, links)}”状态，不再需要邮件。", $"This task is {StatusNames.Of(task.Status, links)}; it needs no mail.")
            : assignee is not { Email: { Length: > 0 } }
                ? links.Say($"{task.AssigneeName}在名录中没有邮箱地址，请先在名录中补充。", $"{task.AssigneeName} has no e-mail address in the directory; add one first.")
                : null;
        if (refusal is not null)
        {
            bool post = HttpMethods.IsPost(request.Method);
            return Page(links, path, action with { Possible = false, ErrorField = "taskId", Error = refusal }, post ? StatusCodes.Status409Conflict : StatusCodes.Status200OK);
        }

        if (kind is null)
        {
            // Opened under a kind since renamed or retired (an earlier version's): there is no title or form for the
            // mail, and its link could only say so. A fault to mend, not a state to ask about: 409 to the look as well.
            return Page(
                links,
                path,
                action with
                {
                    Possible = false,
                    ErrorField = "taskId",
                    Error = links.Say(
                        $"这项任务的类型 {task.Kind} 在当前版本中未登记（可能已改名或停用），无法生成任务邮件，办理人也无法在任务页面填写。请联系系统管理员在当前版本中恢复该类型。",
                        $"This task's kind {task.Kind} is not registered in this version (renamed or retired): no task mail can be written, and the assignee cannot answer it on the task page. Ask the administrator to restore the kind in this version."),
                },
                StatusCodes.Status409Conflict,
                TaskApi.UnregisteredTitle);
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            return Page(links, path, action, StatusCodes.Status200OK);
        }

        string? lateName = task.EscalatedFrom is { } from ? (await tasks.GetAsync(from, cancellationToken).ConfigureAwait(false))?.Record.AssigneeName : null;
        string template = task.EscalatedFrom is null ? TaskMails.Assigned : TaskMails.Escalated;
        var content = TaskMails.ForAssignee(task, kind, desk.Links.For(task), desk.Clock, lateName);
        var written = await notices.WriteToAsync(
            $"{task.Id}.{template}.resend-{time.GetUtcNow():yyyyMMddHHmmssfff}", template, assignee!, content, task.Id, cancellationToken).ConfigureAwait(false);
        var status = await OfficeMailApi.TrySendAsync(sender, written.Id, cancellationToken).ConfigureAwait(false);

        string done = links.Say(
            $"已重新写入发件箱（{StatusNames.Of(status, links)}）：发给 {task.AssigneeName}。",
            $"Written to the outbox again ({StatusNames.Of(status, links)}): to {task.AssigneeName}.");

        // Done: recorded under whoever the office guard let in.
        await acts.RecordAsync(
            request.HttpContext,
            action.Heading,
            $"tasks/{taskId}/resend",
            [],
            done,
            cancellationToken).ConfigureAwait(false);
        return Page(
            links,
            path,
            action with
            {
                Done = done,
                Facts = [.. action.Facts, (links.Say("新邮件编号", "New mail id"), written.Id, true)],
                Next = (links.Say("在发件箱中查看", "See it in the outbox"), links.To("office/mail", ("to", written.To))),
            },
            StatusCodes.Status200OK);
    }

    private static RenderedPage<ConfirmPage> Page(OfficeLinks links, string path, ConfirmAction action, int status, string? refusalTitle = null) =>
        new(new Dictionary<string, object?> { [nameof(ConfirmPage.Links)] = links, [nameof(ConfirmPage.Path)] = path, [nameof(ConfirmPage.Action)] = action }, status, OfficeRefusal.Of(action.ErrorField, action.Error), refusalTitle);

    private static string? Query(HttpRequest request, string name) =>
        request.Query[name].ToString().Trim() is { Length: > 0 } value ? value[..Math.Min(value.Length, 100)] : null;

    // Reads, all at the same time, those of the ids not read yet, adding them to what was.
    private static async Task ReadMissingAsync<T>(Dictionary<string, T> read, IEnumerable<string> ids, Func<string, Task<T>> readOne)
    {
        foreach (var (id, found) in await ReadAllAsync(ids.Where(id => !read.ContainsKey(id)), readOne).ConfigureAwait(false))
        {
            read[id] = found;
        }
    }

    private static async Task<Dictionary<string, T>> ReadAllAsync<T>(IEnumerable<string> ids, Func<string, Task<T>> read)
    {
        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        var found = await Task.WhenAll(distinct.Select(read)).ConfigureAwait(false);
        return distinct.Zip(found).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }
}
