using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DurableTask.Core.History;
using EduFlows.Hosting;
using EduFlows.Tasks;
using Microsoft.DurableTask.Client;

namespace EduFlows.Workbench.Operations;

/// <summary>
/// <c>/api/office/instances</c> (master key): the Durable Functions Monitor view for the office. A list with filters
/// (status, process, creation days), paged; per instance its status, input, output, custom status and history as a
/// timeline; and the actions raise event, terminate, suspend, resume, restart and purge, each on a confirmation page
/// (GET shows what will happen, POST does it). The raw JSON stays with the Durable management API, linked from here;
/// these pages call the same <see cref="DurableTaskClient"/> operations it does.
/// </summary>
public sealed class OfficeInstancesApi(
    IConfiguration configuration, BureauClock clock, Durable.InstancePurges purges, Durable.InstanceRestarts restarts, Durable.EventPayloads payloads, OfficeActLog acts, Durable.IInstanceVersions? versions = null)
{
    /// <summary>How many instances a page lists.</summary>
    public const int PageSize = 50;

    /// <summary>How many pages of the store one list request reads at most while a process filter finds few matches.</summary>
    public const int MaxPagesScanned = 20;

    private const string ManagementApi = "/runtime/webhooks/durabletask/instances/";
    private const string RaiseEvent = "raise-event", Terminate = "terminate", Suspend = "suspend", Resume = "resume", Restart = "restart", Purge = "purge";
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>The instance list.</summary>
    [Function("OfficeInstances")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/instances")] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var links = OfficeLinks.From(request, _routePrefix);
        string? status = Query(request, "status"), name = Query(request, "name"), from = Query(request, "from"), to = Query(request, "to"), page = Query(request, "page");
        var list = new OfficeInstanceList(status?.ToLowerInvariant(), name, from, to, [], page, null, null, null);

        OrchestrationRuntimeStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<OrchestrationRuntimeStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || char.IsDigit(status[0]))
            {
                return Render(links, list with { ErrorField = "status", Error = links.Say("“状态”只能从列表中选择。", "Choose the status from the list.") }, StatusCodes.Status400BadRequest);
            }

            wanted = parsed;
        }

        if (!TryDay(from, out var fromDay))
        {
            return Render(links, list with { ErrorField = "from", Error = links.Say("“创建起始日期”不是有效日期（如 2026-09-01）。", "\"Created from\" is not a date (e.g. 2026-09-01).") }, StatusCodes.Status400BadRequest);
        }

        if (!TryDay(to, out var toDay))
        {
            return Render(links, list with { ErrorField = "to", Error = links.Say("“创建截止日期”不是有效日期（如 2026-09-30）。", "\"Created to\" is not a date (e.g. 2026-09-30).") }, StatusCodes.Status400BadRequest);
        }

        if (fromDay is { } f && toDay is { } t && t < f)
        {
            return Render(links, list with { ErrorField = "to", Error = links.Say("“创建截止日期”早于起始日期。", "\"Created to\" is before \"created from\".") }, StatusCodes.Status400BadRequest);
        }

        var query = new OrchestrationQuery
        {
            Statuses = wanted is { } w ? [w] : null,
            CreatedFrom = fromDay is { } start ? StartOf(start) : null,
            CreatedTo = toDay is { } end ? StartOf(end.AddDays(1)) : null,
            PageSize = PageSize,
            FetchInputsAndOutputs = false,
        };

        // The store filters by status and time; the process is matched here, reading whole pages of the store until a
        // page is full, so the next page's token always continues where this one stopped.
        var rows = new List<OfficeInstanceRow>();
        string? next = page;
        int scanned = 0;
        try
        {
            await foreach (var storePage in client.GetAllInstancesAsync(query).AsPages(page, PageSize).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                rows.AddRange(storePage.Values.Where(i => Matches(i.Name, name)).Select(i => Row(i, links)));
                next = storePage.ContinuationToken;
                if (next is null || rows.Count >= PageSize || ++scanned >= MaxPagesScanned)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (page is not null && ex is FormatException or ArgumentException or JsonException or InvalidOperationException or Azure.RequestFailedException)
        {
            return Render(links, list with { ErrorField = "page", Error = links.Say("翻页参数无效，请从第一页重新查看。", "The page link is not valid; start again from the first page.") }, StatusCodes.Status400BadRequest);
        }

        return Render(links, list with { Rows = rows, Next = string.IsNullOrEmpty(next) || next == page ? null : next }, StatusCodes.Status200OK);
    }

    /// <summary>One instance: status, input, output, custom status, history and the actions that apply.</summary>
    [Function("OfficeInstance")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office/instances/{instanceId}")] HttpRequest request, string instanceId, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var links = OfficeLinks.From(request, _routePrefix);
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return NotFound(links, instanceId, $"office/instances/{Uri.EscapeDataString(instanceId)}");
        }

        var history = await client.GetOrchestrationHistoryAsync(instanceId, cancellationToken).ConfigureAwait(false);

        // A failure names what failed by the event that scheduled it; the last execution's ids win (continued as new).
        var names = new Dictionary<int, string>();
        foreach (var e in history)
        {
            switch (e)
            {
                case TaskScheduledEvent task when task.Name is not null:
                    names[task.EventId] = task.Name;
                    break;
                case SubOrchestrationInstanceCreatedEvent sub when sub.Name is not null:
                    names[sub.EventId] = sub.Name;
                    break;
            }
        }

        var detail = new OfficeInstanceDetail(
            Row(instance, links),
            Pretty(instance.SerializedInput),
            instance.FailureDetails is { } failure ? failure.ToString() : Pretty(instance.SerializedOutput),
            Pretty(instance.SerializedCustomStatus),
            [.. history.Select(e => Step(e, names, instance.Name, links)).OfType<OfficeHistoryStep>()],
            [.. Actions(instance).Select(a => (a, Heading(a, links)))],
            // The SDK's metadata has no version; the start event of the current execution holds it.
            history.OfType<ExecutionStartedEvent>().LastOrDefault()?.Version ?? string.Empty);
        return new RenderedPage<OfficeInstancePage>(
            new Dictionary<string, object?>
            {
                [nameof(OfficeInstancePage.Links)] = links,
                [nameof(OfficeInstancePage.Detail)] = detail,
                [nameof(OfficeInstancePage.Zone)] = clock.ZoneName(links.Culture),
                [nameof(OfficeInstancePage.Json)] = links.ToHost(ManagementApi + Uri.EscapeDataString(instanceId)),
            },
            StatusCodes.Status200OK);
    }

    /// <summary>An action on one instance: GET shows what will happen, POST does it.</summary>
    [Function("OfficeInstanceAction")]
    public async Task<IResult> ActAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "office/instances/{instanceId}/{action}")] HttpRequest request,
        string instanceId,
        string action,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var links = OfficeLinks.From(request, _routePrefix);
        string instancePath = $"office/instances/{Uri.EscapeDataString(instanceId)}";
        string path = $"{instancePath}/{Uri.EscapeDataString(action)}";
        if (action is not (RaiseEvent or Terminate or Suspend or Resume or Restart or Purge))
        {
            var unknown = new ConfirmAction
            {
                Heading = links.Say("没有这项操作", "No such action"),
                WillHappen = links.Say("可用的操作：发送事件、终止、暂停、恢复、重新启动、清除。", "The actions are: raise event, terminate, suspend, resume, restart, purge."),
                PostTo = links.To(path),
                Button = string.Empty,
                Back = links.To(instancePath),
                Possible = false,
                ErrorField = "action",
                Error = links.Say("地址中的操作名无效。", "The action in the address is not one of them."),
            };
            return Page(links, path, unknown, StatusCodes.Status404NotFound);
        }

        // A restart's refusal names the round its input holds (RenewalRestarts).
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: action == Restart, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return NotFound(links, instanceId, path);
        }

        var (form, unreadable) = HttpMethods.IsPost(request.Method) && request.HasFormContentType
            ? await request.ReadFormOrProblemAsync(cancellationToken).ConfigureAwait(false)
            : (null, null);
        string? Field(string name) => form?[name].ToString().Trim() is { Length: > 0 } v ? v : null;

        var confirm = new ConfirmAction
        {
            Heading = Heading(action, links),
            Facts =
            [
                (links.Say("实例", "Instance"), instance.InstanceId, true),
                (links.Say("流程", "Process"), OfficeProcess.Of(instance.Name).Title(links.Culture), false),
                (links.Say("状态", "Status"), StatusNames.Of(instance.RuntimeStatus, links), false),
                (links.Say($"创建时间（{clock.ZoneNameZh}）", $"Created ({clock.ZoneName("en")})"), clock.Format(instance.CreatedAt), false),
            ],
            WillHappen = WillHappen(action, links),
            PostTo = links.To(path),
            Button = links.Say("确认", "Confirm") + Heading(action, links),
            Back = links.To(instancePath),
            Fields = action switch
            {
                RaiseEvent =>
                [
                    new ConfirmField("eventName", links.Say("事件名称（必填）", "Event name (required)"), Field("eventName"), Hint: links.Say("流程等待的事件名，例如员工提交任务：", "The name the orchestration waits for, e.g. a staff member's answer:"), Example: TaskDesk.EventName(links.Say("任务编号", "task-id"))),
                    new ConfirmField("payload", links.Say("事件内容（JSON，可不填）", "Payload (JSON, optional)"), Field("payload"), Multiline: true),
                ],
                Terminate or Suspend or Resume => [new ConfirmField("reason", links.Say("原因（可不填）", "Reason (optional)"), Field("reason"))],
                Restart => [new ConfirmField("newId", links.Say("使用新实例编号（填“是”）", "Use a new instance id (enter \"yes\")"), Field("newId"), Hint: links.Say("不填则以原编号重新启动；原编号的实例必须已结束。", "Leave empty to restart under the same id; that instance must have ended."))],
                _ => [],
            },
        };

        if (!Actions(instance).Contains(action))
        {
            var refused = confirm with
            {
                Possible = false,
                ErrorField = "instanceId",
                Error = action == Restart && instance.IsCompleted && restarts.RefusalOf(instance) is { } process
                    ? links.Say(process.RefusalZh!, process.RefusalEn!)
                    : links.Say($"实例当前为“{StatusNames.Of(instance.RuntimeStatus, links)}”，不能{Heading(action, links)}。", $"The instance is {StatusNames.Of(instance.RuntimeStatus, links)}; \"{Heading(action, links)}\" does not apply to it now."),
            };
            return Page(links, path, refused, form is null && !HttpMethods.IsPost(request.Method) ? StatusCodes.Status200OK : StatusCodes.Status409Conflict);
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            return Page(links, path, confirm, StatusCodes.Status200OK);
        }

        if (unreadable is not null)
        {
            // Over the size limit or broken: the form again with HttpBody's reason above it, nothing done; a script keeps the problem+json.
            return request.AcceptsHtml()
                ? Page(links, path, confirm with { ErrorField = "body", Error = OfficeForms.BodyReason(unreadable, links) }, unreadable.StatusCode)
                : unreadable;
        }

        string? reason = Field("reason");
        string done;
        (string Label, string Href)? next = (links.Say("查看实例", "See the instance"), links.To(instancePath));
        try
        {
            switch (action)
            {
                case RaiseEvent:
                    string? eventName = Field("eventName");
                    if (eventName is null || eventName.Length > 200)
                    {
                        return Page(links, path, confirm with { ErrorField = "eventName", Error = links.Say("请填写事件名称（不超过 200 个字符）。", "Enter the event name (at most 200 characters).") }, StatusCodes.Status400BadRequest);
                    }

                    JsonNode? payload;
                    try
                    {
                        payload = Field("payload") is { } json ? JsonNode.Parse(json) : null;
                    }
                    catch (JsonException)
                    {
                        return Page(links, path, confirm with { ErrorField = "payload", Error = links.Say("“事件内容”不是有效的 JSON。", "The payload is not valid JSON.") }, StatusCodes.Status400BadRequest);
                    }

                    // A payload the orchestrator cannot read would fail the instance when it arrives: refused here instead.
                    if (payloads.Refusal(instance.Name, eventName, payload) is { } cannotRead)
                    {
                        return Page(links, path, confirm with { ErrorField = "payload", Error = links.Say(cannotRead, $"The orchestration cannot read this payload as event \"{eventName}\"; it was not raised.") }, StatusCodes.Status400BadRequest);
                    }

                    await client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken).ConfigureAwait(false);
                    done = links.Say($"已向实例发送事件“{eventName}”。", $"Event \"{eventName}\" was raised.");
                    break;
                case Terminate:
                    await client.TerminateInstanceAsync(instanceId, (object?)reason, cancellationToken).ConfigureAwait(false);
                    done = links.Say("已请求终止；实例将在片刻后显示为“已终止”。", "Termination was asked; the instance shows as terminated in a moment.");
                    break;
                case Suspend:
                    await client.SuspendInstanceAsync(instanceId, reason, cancellationToken).ConfigureAwait(false);
                    done = links.Say("已请求暂停；实例将在片刻后显示为“已暂停”。", "Suspension was asked; the instance shows as suspended in a moment.");
                    break;
                case Resume:
                    await client.ResumeInstanceAsync(instanceId, reason, cancellationToken).ConfigureAwait(false);
                    done = links.Say("已请求恢复；实例将继续运行。", "Resumption was asked; the instance runs on.");
                    break;
                case Restart:
                    bool newId = Field("newId") is { } yes && (yes is "是" || yes.Equals("yes", StringComparison.OrdinalIgnoreCase));
                    if (Field("newId") is { } other && !newId)
                    {
                        return Page(links, path, confirm with { ErrorField = "newId", Error = links.Say("“使用新实例编号”只能填“是”或不填。", "\"Use a new instance id\" takes \"yes\" or nothing.") }, StatusCodes.Status400BadRequest);
                    }

                    // A process may restart its own way, or refuse (a renewal round: by its own start, under its own id).
                    var restart = await restarts.RestartAsync(client, instanceId, newId, cancellationToken).ConfigureAwait(false);
                    if (restart.InstanceId is not { } started)
                    {
                        return Page(links, path, confirm with { Possible = false, ErrorField = "instanceId", Error = links.Say(restart.RefusalZh!, restart.RefusalEn!) }, StatusCodes.Status409Conflict);
                    }

                    done = links.Say($"已重新启动，实例编号 {started}。", $"Restarted as instance {started}.");
                    next = (links.Say("查看新实例", "See the new instance"), links.To($"office/instances/{Uri.EscapeDataString(started)}"));
                    break;
                default:
                    if (await purges.PurgeAsync(client, instanceId, cancellationToken).ConfigureAwait(false) is not { } purged)
                    {
                        var kept = confirm with
                        {
                            Possible = false,
                            ErrorField = "instanceId",
                            Error = links.Say("该实例暂不能清除：其流程尚未记下它的结束情况，实例保留到记下为止，请稍后重试。", "The instance is kept until its process has recorded its end; nothing was purged. Try again later."),
                        };
                        return Page(links, path, kept, StatusCodes.Status409Conflict);
                    }

                    done = links.Say($"已清除 {purged} 个实例及其历史。", $"{purged} instance(s) and their history were purged.");
                    next = (links.Say("返回实例列表", "Back to the list"), links.To("office/instances"));
                    break;
            }
        }
        catch (InvalidOperationException)
        {
            // The instance changed between the read and the action (it finished, or an instance with the id runs).
            var changed = confirm with
            {
                Possible = false,
                ErrorField = "instanceId",
                Error = links.Say("实例的状态刚刚发生了变化，操作未执行，请刷新后重试。", "The instance changed just now; nothing was done. Reload and try again."),
            };
            return Page(links, path, changed, StatusCodes.Status409Conflict);
        }

        // Done: recorded under whoever the office guard let in, with the form's fields as typed.
        await acts.RecordAsync(
            request.HttpContext,
            Heading(action, links),
            $"instances/{instanceId}/{action}",
            confirm.Fields.Where(f => f.Value is not null).Select(Recorded),
            done,
            cancellationToken).ConfigureAwait(false);
        return Page(links, path, confirm with { Done = done, Next = next }, StatusCodes.Status200OK);
    }

    /// <summary>
    /// A field as the act log keeps it. An event's payload may carry a person's data or a receipt, and the log keeps what
    /// it is given for good, readable by the whole office: its length and digest identify it, its text stays out.
    /// </summary>
    internal static OfficeActField Recorded(ConfirmField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        string value = field.Value ?? string.Empty;
        return field.Name == "payload" && value.Length > 0
            ? new(field.Name, field.Label, $"{value.Length} 个字符，摘要 {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value)))[..16]}（内容不留存）")
            : new(field.Name, field.Label, value);
    }

    // What can be done to an instance in its state; the same rules the runtime enforces, and a process's own refusal of
    // a restart (a completed renewal round), asked before rather than after.
    private List<string> Actions(OrchestrationMetadata instance) => instance.RuntimeStatus switch
    {
        OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending => [RaiseEvent, Suspend, Terminate],
        OrchestrationRuntimeStatus.Suspended => [RaiseEvent, Resume, Terminate],
        _ when instance.IsCompleted && restarts.RefusalOf(instance) is null => [Restart, Purge],
        _ when instance.IsCompleted => [Purge],
        _ => [Terminate],
    };

    private static string Heading(string action, OfficeLinks links) => action switch
    {
        RaiseEvent => links.Say("发送事件", "Raise event"),
        Terminate => links.Say("终止", "Terminate"),
        Suspend => links.Say("暂停", "Suspend"),
        Resume => links.Say("恢复", "Resume"),
        Restart => links.Say("重新启动", "Restart"),
        _ => links.Say("清除", "Purge"),
    };

    private static string WillHappen(string action, OfficeLinks links) => action switch
    {
        RaiseEvent => links.Say("将向该实例发送一个事件，等待该事件的流程会据此继续。事件名称必须与流程等待的完全一致。", "An event is raised to the instance; an orchestration waiting for it goes on. The name must be exactly the one it waits for."),
        Terminate => links.Say("将立即终止该实例，流程不再继续，其待办任务随后会被撤回。此操作不可撤销。", "The instance is terminated at once and goes no further; its open tasks are then withdrawn. This cannot be undone."),
        Suspend => links.Say("将暂停该实例：在恢复之前，它不再处理任何事件或定时器（收到的事件会保留）。", "The instance is suspended: until resumed it handles no events or timers (events received are kept)."),
        Resume => links.Say("将恢复该实例，从暂停处继续运行。", "The instance is resumed where it stopped."),
        Restart => links.Say("将以原来的输入重新启动该流程（从头开始）。", "The process is started again, from the beginning, with its original input."),
        _ => links.Say("将永久删除该实例的状态与全部历史记录，删除后无法在此查看。此操作不可撤销。", "The instance's state and whole history are deleted for good. This cannot be undone."),
    };

    private OfficeInstanceRow Row(OrchestrationMetadata instance, OfficeLinks links) => new(
        instance.InstanceId,
        instance.Name,
        OfficeProcess.Of(instance.Name).Title(links.Culture),
        StatusNames.Of(instance.RuntimeStatus, links),
        instance.RuntimeStatus.ToString().ToLowerInvariant(),
        clock.Format(instance.CreatedAt),
        clock.Format(instance.LastUpdatedAt),
        ProcessStage.Describe(instance.SerializedCustomStatus, links.Culture, clock),
        versions?.VersionOf(instance) ?? string.Empty);

    // One step in the page's words. A failure's own text is the runtime's (English, with a stack): the step says in
    // Chinese what failed, by name, and the page folds the text away under 技术详情.
    private OfficeHistoryStep? Step(HistoryEvent e, Dictionary<int, string> names, string orchestrator, OfficeLinks links)
    {
        string at = TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(e.Timestamp, DateTimeKind.Utc)), clock.Zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        OfficeHistoryStep Say(string zh, string en, string? name = null, string? detail = null, bool bad = false, bool technical = false) => new(at, links.Say(zh, en), name, detail, bad, technical);
        return e switch
        {
            OrchestratorStartedEvent or OrchestratorCompletedEvent => null, // the runtime's step markers, not events of the process
            ExecutionStartedEvent started => Say("流程开始", "Started", started.Name, Pretty(started.Input)),
            TaskScheduledEvent scheduled => Say("调用活动", "Activity called", scheduled.Name),
            TaskCompletedEvent => Say("活动完成", "Activity completed"),
            TaskFailedEvent failed => Say("活动失败：", "Activity failed:", names.GetValueOrDefault(failed.TaskScheduledId), Technical(failed.FailureDetails, failed.Reason, failed.Details), bad: true, technical: true),
            SubOrchestrationInstanceCreatedEvent sub => Say("启动子流程", "Sub-orchestration started", sub.InstanceId),
            SubOrchestrationInstanceCompletedEvent => Say("子流程完成", "Sub-orchestration completed"),
            SubOrchestrationInstanceFailedEvent subFailed => Say("子流程失败：", "Sub-orchestration failed:", names.GetValueOrDefault(subFailed.TaskScheduledId), Technical(subFailed.FailureDetails, subFailed.Reason, subFailed.Details), bad: true, technical: true),
            TimerCreatedEvent timer => Say($"设置定时器，到期 {clock.Format(new DateTimeOffset(DateTime.SpecifyKind(timer.FireAt, DateTimeKind.Utc)))}", $"Timer set for {clock.Format(new DateTimeOffset(DateTime.SpecifyKind(timer.FireAt, DateTimeKind.Utc)))}"),
            TimerFiredEvent => Say("定时器到期", "Timer fired"),
            EventRaisedEvent raised => Say("收到事件", "Event received", raised.Name, Pretty(raised.Input)),
            EventSentEvent sent => Say("发出事件", "Event sent", sent.Name),
            ExecutionSuspendedEvent => Say("已暂停", "Suspended"),
            ExecutionResumedEvent => Say("已恢复", "Resumed"),
            ExecutionTerminatedEvent terminated => Say("被终止", "Terminated", null, terminated.Input, bad: true),
            ContinueAsNewEvent => Say("以新输入继续运行", "Continued as new"),
            ExecutionCompletedEvent completed => completed.OrchestrationStatus switch
            {
                global::DurableTask.Core.OrchestrationStatus.Completed => Say("流程完成", "Completed", null, Pretty(completed.Result)),
                global::DurableTask.Core.OrchestrationStatus.Terminated => Say("流程已终止", "Terminated", null, completed.Result, bad: true),
                _ => Say("流程失败：", "Failed:", orchestrator, Technical(completed.FailureDetails, completed.Result, null), bad: true, technical: true),
            },
            _ => Say("其他事件", "Other event", e.EventType.ToString()),
        };
    }

    private RenderedPage<OfficeInstancesPage> Render(OfficeLinks links, OfficeInstanceList list, int status) =>
        new(new Dictionary<string, object?> { [nameof(OfficeInstancesPage.Links)] = links, [nameof(OfficeInstancesPage.List)] = list, [nameof(OfficeInstancesPage.Zone)] = clock.ZoneName(links.Culture) }, status, OfficeRefusal.Of(list.ErrorField, list.Error));

    // The runtime's account of a failure, whole: its type, message and stack as it gave them.
    private static string? Technical(global::DurableTask.Core.FailureDetails? failure, string? reason, string? details)
    {
        string text = failure?.ToString() ?? string.Join("\n", new[] { reason, details }.Where(t => !string.IsNullOrEmpty(t)));
        return text.Length > 0 ? text : null;
    }

    private static RenderedPage<ConfirmPage> Page(OfficeLinks links, string path, ConfirmAction action, int status) =>
        new(new Dictionary<string, object?> { [nameof(ConfirmPage.Links)] = links, [nameof(ConfirmPage.Path)] = path, [nameof(ConfirmPage.Action)] = action }, status, OfficeRefusal.Of(action.ErrorField, action.Error));

    private static RenderedPage<ConfirmPage> NotFound(OfficeLinks links, string instanceId, string path) => Page(
        links,
        path,
        new ConfirmAction
        {
            Heading = links.Say("实例不存在", "No such instance"),
            Facts = [(links.Say("实例", "Instance"), instanceId, true)],
            WillHappen = links.Say("该实例不存在，或已被清除。", "It does not exist, or it was purged."),
            PostTo = links.To(path),
            Button = string.Empty,
            Back = links.To("office/instances"),
            Possible = false,
            ErrorField = "instanceId",
            Error = links.Say("没有这个实例。", "There is no such instance."),
        },
        StatusCodes.Status404NotFound);

    private static bool Matches(string orchestrator, string? wanted) =>
        wanted is null
        || orchestrator.Equals(wanted, StringComparison.OrdinalIgnoreCase)
        || OfficeProcess.Of(orchestrator).Zh.Contains(wanted, StringComparison.Ordinal)
        || OfficeProcess.Of(orchestrator).En.Contains(wanted, StringComparison.OrdinalIgnoreCase);

    private DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, clock.Zone.GetUtcOffset(local));
    }

    private static bool TryDay(string? text, out DateOnly? day)
    {
        day = null;
        if (text is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            day = parsed;
            return true;
        }

        return false;
    }

    private static string? Pretty(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json)?.ToJsonString(Indented);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string? Query(HttpRequest request, string name) =>
        request.Query[name].ToString().Trim() is { Length: > 0 } value ? value : null;
}
