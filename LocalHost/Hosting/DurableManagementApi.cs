using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using EduFlows.DurableTask;
using EduFlows.DurableTask.Client;
using EduFlows.DurableTask.Worker;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EduFlows.Hosting;

/// <summary>
/// The Durable Functions HTTP management API (same routes, query parameters, status codes and JSON shapes),
/// so existing scripts and clients work unchanged. Every route needs the master key.
/// </summary>
public static class DurableManagementApi
{
    /// <summary>The route prefix Azure Functions uses for the API.</summary>
    public const string Prefix = "/runtime/webhooks/durabletask";

    private const string ContinuationHeader = "x-ms-continuation-token";

    /// <summary>Maps the API under <see cref="Prefix"/>.</summary>
    public static RouteGroupBuilder MapDurableManagementApi(this IEndpointRouteBuilder app, string taskHub)
    {
        var api = app.MapGroup(Prefix).RequireKey(AuthorizationLevel.Admin).WithTags("Durable management");
        api.MapPost("/orchestrators/{functionName}/{instanceId?}", (string functionName, string? instanceId, HttpRequest request, DurableTaskClient client, RegisteredTasks registered, FunctionKeys keys) =>
            StartAsync(functionName, instanceId, request, client, registered, keys, taskHub));
        api.MapGet("/instances/{instanceId}", GetStatusAsync);
        api.MapGet("/instances", ListAsync);
        api.MapPost("/instances/{instanceId}/raiseEvent/{eventName}", RaiseEventAsync);
        api.MapPost("/instances/{instanceId}/terminate", (string instanceId, string? reason, DurableTaskClient client) =>
            ControlAsync(instanceId, c => c.TerminateInstanceAsync(instanceId, (object?)reason), client));
        api.MapPost("/instances/{instanceId}/suspend", (string instanceId, string? reason, DurableTaskClient client) =>
            ControlAsync(instanceId, c => c.SuspendInstanceAsync(instanceId, reason), client));
        api.MapPost("/instances/{instanceId}/resume", (string instanceId, string? reason, DurableTaskClient client) =>
            ControlAsync(instanceId, c => c.ResumeInstanceAsync(instanceId, reason), client));
        api.MapPost("/instances/{instanceId}/restart", (string instanceId, bool? restartWithNewInstanceId, HttpRequest request, DurableTaskClient client, EduFlows.Durable.InstanceRestarts restarts, FunctionKeys keys) =>
            RestartAsync(instanceId, restartWithNewInstanceId ?? false, request, client, restarts, keys, taskHub));
        api.MapDelete("/instances/{instanceId}", PurgeOneAsync);
        api.MapDelete("/instances", PurgeManyAsync);
        return api;
    }

    /// <summary>The check-status payload: where to query, signal and control an instance.</summary>
    public static JsonObject CheckStatus(HttpRequest request, string instanceId, string taskHub, string? masterKey)
    {
        ArgumentNullException.ThrowIfNull(request);
        string baseUri = $"{request.Scheme}://{request.Host}{Prefix}/instances/{Uri.EscapeDataString(instanceId)}";
        string query = $"?taskHub={Uri.EscapeDataString(taskHub)}&connection=Storage" + (masterKey is null ? string.Empty : $"&code={Uri.EscapeDataString(masterKey)}");
        return new JsonObject
        {
            ["id"] = instanceId,
            ["statusQueryGetUri"] = baseUri + query,
            ["sendEventPostUri"] = baseUri + "/raiseEvent/{eventName}" + query,
            ["terminatePostUri"] = baseUri + "/terminate" + query + "&reason={text}",
            ["purgeHistoryDeleteUri"] = baseUri + query,
            ["restartPostUri"] = baseUri + "/restart" + query,
            ["suspendPostUri"] = baseUri + "/suspend" + query + "&reason={text}",
            ["resumePostUri"] = baseUri + "/resume" + query + "&reason={text}",
        };
    }

    private static async Task<Results<Accepted<JsonObject>, ProblemHttpResult>> StartAsync(
        string functionName, string? instanceId, HttpRequest request, DurableTaskClient client, RegisteredTasks registered, FunctionKeys keys, string taskHub)
    {
        if (!registered.HasOrchestrator(functionName))
        {
            return FieldProblem.ForStaff(StatusCodes.Status404NotFound, "functionName", $"“functionName”（编排程序名）：没有名为“{functionName}”的编排程序。", $"No orchestrator named '{functionName}' is registered.");
        }

        // An id the store cannot key (/ \ # ? control characters, over-long) is the caller's mistake, not a 500 from storage.
        if (instanceId is not null && (string.IsNullOrWhiteSpace(instanceId) || EduFlows.Storage.TableKey.Problem(instanceId) is not null))
        {
            return FieldProblem.ForStaff(
                StatusCodes.Status400BadRequest,
                "instanceId",
                $"{InstanceIdZh}无效，未启动：{EduFlows.Storage.TableKey.ProblemZh(instanceId) ?? "编号不能为空白。"}",
                $"instanceId {EduFlows.Storage.TableKey.Problem(instanceId) ?? "is blank."}");
        }

        var (input, error) = await ReadJsonBodyAsync(request).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        try
        {
            string id = await client.ScheduleNewOrchestrationInstanceAsync(functionName, input, new StartOrchestrationOptions(instanceId), request.HttpContext.RequestAborted).ConfigureAwait(false);
            return Started(request, id, taskHub, keys);
        }
        catch (OrchestrationAlreadyExistsException ex)
        {
            return FieldProblem.ForStaff(StatusCodes.Status409Conflict, "instanceId", $"{InstanceIdZh}已被一个未结束的实例使用，未重复启动。", ex.Message);
        }
        catch (ArgumentException ex)
        {
            return FieldProblem.ForStaff(StatusCodes.Status400BadRequest, "instanceId", $"{InstanceIdZh}无效，未启动。", ex.Message);
        }
    }

    // 202 with Location and the check-status payload, as Durable Functions answers a start.
    private static Accepted<JsonObject> Started(HttpRequest request, string instanceId, string taskHub, FunctionKeys keys)
    {
        var payload = CheckStatus(request, instanceId, taskHub, keys.MasterKey);
        return TypedResults.Accepted((string?)payload["statusQueryGetUri"], payload);
    }

    private static async Task<IResult> GetStatusAsync(
        string instanceId, bool? showHistory, bool? showHistoryOutput, bool? showInput, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (metadata is null)
        {
            return NoSuchInstance(instanceId);
        }

        var status = ToStatus(metadata, showInput ?? true);
        if (showHistory == true)
        {
            var history = await client.GetOrchestrationHistoryAsync(instanceId, cancellationToken).ConfigureAwait(false);
            // DurableTask.Core's step markers are bookkeeping, not events a reader of the history looks for.
            status["historyEvents"] = new JsonArray([.. history
                .Where(e => e.EventType is not (EventType.OrchestratorStarted or EventType.OrchestratorCompleted))
                .Select(e => (JsonNode?)ToHistoryEvent(e, showHistoryOutput == true))]);
        }

        int code = metadata.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Completed => StatusCodes.Status200OK,
            OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status202Accepted,
        };
        return Results.Json(status, statusCode: code);
    }

    private static async Task<IResult> ListAsync(HttpContext http, DurableTaskClient client)
    {
        var query = http.Request.Query;
        if (!TryStatuses(query["runtimeStatus"], s => Enum.IsDefined(s), $"a runtime status ({string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())})", out var statuses, out var statusError))
        {
            return statusError!;
        }

        if (!TryTime(query["createdTimeFrom"], "createdTimeFrom", out var from, out var fromError) || !TryTime(query["createdTimeTo"], "createdTimeTo", out var to, out fromError))
        {
            return fromError!;
        }

        int top = 100;
        if (query.TryGetValue("top", out var topText) && (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > 1000))
        {
            return FieldProblem.ForStaff(StatusCodes.Status400BadRequest, "top", "“top”（每页条数）须为 1 至 1000 的整数。", "top must be a whole number from 1 to 1000.");
        }

        string? token = http.Request.Headers[ContinuationHeader];
        bool showInput = !bool.TryParse(query["showInput"], out bool si) || si;
        var instances = client.GetAllInstancesAsync(new OrchestrationQuery
        {
            Statuses = statuses.Count == 0 ? null : statuses,
            CreatedFrom = from,
            CreatedTo = to,
            InstanceIdPrefix = query["instanceIdPrefix"].FirstOrDefault(),
            PageSize = top,
            FetchInputsAndOutputs = showInput,
        });

        // One page per request: the caller follows the continuation token, as with Durable Functions.
        await foreach (var page in instances.AsPages(string.IsNullOrEmpty(token) ? null : token, top).WithCancellation(http.RequestAborted).ConfigureAwait(false))
        {
            if (page.ContinuationToken is { } next)
            {
                http.Response.Headers[ContinuationHeader] = next;
            }

            return Results.Json(new JsonArray([.. page.Values.Select(m => (JsonNode?)ToStatus(m, showInput))]));
        }

        return Results.Json(new JsonArray());
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> RaiseEventAsync(
        string instanceId, string eventName, HttpRequest request, DurableTaskClient client, EduFlows.Durable.EventPayloads payloads)
    {
        if (string.IsNullOrWhiteSpace(eventName))
        {
            return FieldProblem.ForStaff(StatusCodes.Status400BadRequest, "eventName", "“eventName”（事件名称）为空白：请填写编排程序等待的事件名称。", "The event name is blank; give the name the orchestration waits for.");
        }

        // As Durable Functions: a payload must be sent as application/json ("Only application/json request content is
        // supported") and must parse. An empty body raises the event with no payload (null), whatever its Content-Type.
        // Beyond Durable Functions: an event its orchestrator declares (EventPayloads) must carry what it reads, since
        // the SDK fails the instance on a payload it cannot read.
        bool hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (hasBody
            && !(request.ContentType is { } type && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(type, out var media)
                && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))))
        {
            return FieldProblem.ForStaff(StatusCodes.Status400BadRequest, "Content-Type", "事件内容须为 JSON，并以 application/json 发送。", "The event payload must be JSON sent as application/json.");
        }

        var (payload, error) = await ReadJsonBodyAsync(request).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, request.HttpContext.RequestAborted).ConfigureAwait(false) is { } instance
            && payloads.Refusal(instance.Name, eventName, payload) is { } unreadable)
        {
            return FieldProblem.ForStaff(StatusCodes.Status400BadRequest, "body", unreadable, $"The orchestration {instance.Name} cannot read this payload as event \"{eventName}\"; it was not raised.");
        }

        return await ControlAsync(instanceId, c => c.RaiseEventAsync(instanceId, eventName, payload), client).ConfigureAwait(false);
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> ControlAsync(string instanceId, Func<DurableTaskClient, Task> operation, DurableTaskClient client)
    {
        try
        {
            await operation(client).ConfigureAwait(false);
            return TypedResults.Accepted((string?)null);
        }
        catch (OrchestrationNotFoundException ex)
        {
            return NoSuchInstance(instanceId, ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            // Finished instances take no more events or commands.
            return FieldProblem.ForStaff(StatusCodes.Status410Gone, "instanceId", $"{InstanceIdZh}“{instanceId}”的实例已结束，不再接受事件或操作。", ex.Message);
        }
    }

    private static async Task<Results<Accepted<JsonObject>, ProblemHttpResult>> RestartAsync(
        string instanceId, bool newId, HttpRequest request, DurableTaskClient client, EduFlows.Durable.InstanceRestarts restarts, FunctionKeys keys, string taskHub)
    {
        try
        {
            // A process may restart its own way, or refuse (a renewal round: by its own start, under its own id).
            var restart = await restarts.RestartAsync(client, instanceId, newId, request.HttpContext.RequestAborted).ConfigureAwait(false);
            if (restart.InstanceId is { } id)
            {
                return Started(request, id, taskHub, keys);
            }

            return FieldProblem.ForStaff(StatusCodes.Status409Conflict, "instanceId", restart.RefusalZh!, restart.RefusalEn!);
        }
        catch (OrchestrationNotFoundException ex)
        {
            return NoSuchInstance(instanceId, ex.Message);
        }
        catch (OrchestrationAlreadyExistsException ex)
        {
            return FieldProblem.ForStaff(StatusCodes.Status409Conflict, "instanceId", $"{InstanceIdZh}“{instanceId}”的实例尚未结束，不能以原编号重新启动；可等其结束，或改用新编号（restartWithNewInstanceId=true）。", ex.Message);
        }
    }

    private static async Task<IResult> PurgeOneAsync(string instanceId, DurableTaskClient client, EduFlows.Durable.InstancePurges purges, CancellationToken cancellationToken)
    {
        try
        {
            int? purged = await purges.PurgeAsync(client, instanceId, cancellationToken).ConfigureAwait(false);
            return purged switch
            {
                null => Kept(),
                0 => NoSuchInstance(instanceId),
                _ => Results.Ok(new { instancesDeleted = purged }),
            };
        }
        catch (InvalidOperationException ex)
        {
            return FieldProblem.ForStaff(StatusCodes.Status409Conflict, "instanceId", $"{InstanceIdZh}“{instanceId}”的实例尚未结束，不能清除。", ex.Message);
        }
    }

    // How every refusal names the instance id, Chinese first, so a reader of the Chinese knows which part of the address is meant.
    private const string InstanceIdZh = "“instanceId”（实例编号）";

    private static ProblemHttpResult NoSuchInstance(string instanceId, string? en = null) =>
        FieldProblem.ForStaff(StatusCodes.Status404NotFound, "instanceId", $"{InstanceIdZh}：没有编号为“{instanceId}”的实例。", en ?? $"No instance with id '{instanceId}' exists.");

    // A process reads how the instance ended from it (a terminated secondment, say) and has not yet recorded it.
    private static ProblemHttpResult Kept() => FieldProblem.ForStaff(
        StatusCodes.Status409Conflict,
        "instanceId",
        "该实例暂不能清除：其流程尚未记下它的结束情况，实例保留到记下为止，请稍后重试。",
        "The instance is kept until its process has recorded its end; nothing was purged. Try again later.");

    private static async Task<IResult> PurgeManyAsync(HttpContext http, DurableTaskClient client, EduFlows.Durable.InstancePurges purges)
    {
        var query = http.Request.Query;
        if (!TryTime(query["createdTimeFrom"], "createdTimeFrom", out var from, out var error) || !TryTime(query["createdTimeTo"], "createdTimeTo", out var to, out error))
        {
            return error!;
        }

        if (!TryStatuses(query["runtimeStatus"], s => s is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated, "a finished status (Completed, Failed, Terminated)", out var statuses, out var statusError))
        {
            return statusError!;
        }

        // As Durable Functions does: a purge of many needs createdTimeFrom. A status or an end time alone still spans every
        // finished instance ever kept, which a purge is too final to allow by a forgotten parameter.
        if (from is null)
        {
            return FieldProblem.ForStaff(
                StatusCodes.Status400BadRequest,
                "createdTimeFrom",
                "批量清除须给出筛选条件：“createdTimeFrom”（创建时间起，可再加“createdTimeTo”“runtimeStatus”）；清除单个实例请在地址中给出其编号。",
                "A purge of many instances needs a filter: createdTimeFrom (and optionally createdTimeTo, runtimeStatus). To purge one instance, give its id.");
        }

        // One by one, so each instance passes the processes' hooks: one they keep is skipped and not counted.
        var finished = new OrchestrationQuery
        {
            CreatedFrom = from,
            CreatedTo = to,
            Statuses = statuses.Count == 0 ? [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated] : statuses,
            PageSize = 500,
            FetchInputsAndOutputs = false,
        };
        var matched = new List<string>();
        await foreach (var instance in client.GetAllInstancesAsync(finished).WithCancellation(http.RequestAborted).ConfigureAwait(false))
        {
            matched.Add(instance.InstanceId);
        }

        int purged = 0;
        foreach (string id in matched)
        {
            try
            {
                purged += await purges.PurgeAsync(client, id, http.RequestAborted).ConfigureAwait(false) ?? 0;
            }
            catch (InvalidOperationException)
            {
                // Restarted since the query: active again, it is not purged.
            }
        }

        return matched.Count == 0
            ? FieldProblem.ForStaff(StatusCodes.Status404NotFound, "instanceId", "没有符合筛选条件的已结束实例，未清除任何实例。", "No finished instance matches the filter.")
            : Results.Ok(new { instancesDeleted = purged });
    }

    private static JsonObject ToStatus(OrchestrationMetadata metadata, bool showInput) => new()
    {
        ["name"] = metadata.Name,
        ["instanceId"] = metadata.InstanceId,
        ["runtimeStatus"] = metadata.RuntimeStatus.ToString(),
        ["version"] = InstanceVersion.Of(metadata),
        ["input"] = showInput ? Parse(metadata.SerializedInput) : null,
        ["customStatus"] = Parse(metadata.SerializedCustomStatus),
        ["output"] = metadata.FailureDetails is { } failure ? JsonValue.Create(failure.ToString()) : Parse(metadata.SerializedOutput),
        ["createdTime"] = metadata.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        ["lastUpdatedTime"] = metadata.LastUpdatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
    };

    private static JsonObject ToHistoryEvent(HistoryEvent e, bool showOutput)
    {
        var node = new JsonObject { ["EventType"] = e.EventType.ToString(), ["Timestamp"] = Utc(e.Timestamp) };
        switch (e)
        {
            case ExecutionStartedEvent started:
                node["FunctionName"] = started.Name;
                node["Input"] = Parse(started.Input);
                break;
            case TaskScheduledEvent scheduled:
                node["Name"] = scheduled.Name;
                node["EventId"] = scheduled.EventId;
                break;
            case TaskCompletedEvent completed:
                node["TaskScheduledId"] = completed.TaskScheduledId;
                if (showOutput)
                {
                    node["Result"] = Parse(completed.Result);
                }

                break;
            case TaskFailedEvent failed:
                node["TaskScheduledId"] = failed.TaskScheduledId;
                node["Reason"] = failed.FailureDetails?.ErrorMessage ?? failed.Reason;
                node["Details"] = failed.FailureDetails?.ToString() ?? failed.Details;
                break;
            case SubOrchestrationInstanceCreatedEvent sub:
                node["Name"] = sub.Name;
                node["InstanceId"] = sub.InstanceId;
                break;
            case TimerCreatedEvent timer:
                node["FireAt"] = Utc(timer.FireAt);
                break;
            case TimerFiredEvent fired:
                node["TimerId"] = fired.TimerId;
                node["FireAt"] = Utc(fired.FireAt);
                break;
            case EventRaisedEvent raised:
                node["Name"] = raised.Name;
                if (showOutput)
                {
                    node["Input"] = Parse(raised.Input);
                }

                break;
            case ExecutionCompletedEvent done:
                node["OrchestrationStatus"] = done.OrchestrationStatus.ToString();
                if (showOutput)
                {
                    node["Result"] = done.FailureDetails is { } failure ? JsonValue.Create(failure.ToString()) : Parse(done.Result);
                }

                break;
            case ExecutionTerminatedEvent terminated:
                node["Input"] = terminated.Input;
                break;
        }

        return node;
    }

    private static JsonNode? Parse(string? json) => json is null ? null : JsonNode.Parse(json);

    private static DateTime Utc(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc);

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static async Task<(JsonNode? Body, ProblemHttpResult? Error)> ReadJsonBodyAsync(HttpRequest request)
    {
        if (request.ContentLength == 0)
        {
            return (null, null);
        }

        // JSON is UTF-8: a body declared in another or an unknown charset would be misread, so it is refused.
        if (EduFlows.Hosting.HttpBody.RefuseCharset(request) is { } charset)
        {
            return (null, charset);
        }

        try
        {
            // Strict UTF-8: bytes that are not text are refused, not stored as U+FFFD in an instance's input.
            using var reader = new StreamReader(request.Body, StrictUtf8);
            string text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
            var body = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);

            // An escaped lone surrogate ("\ud800") parses but cannot be written back: refuse it here, not at the first save.
            _ = body?.ToJsonString();
            return (body, null);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return (null, FieldProblem.ForStaff(StatusCodes.Status400BadRequest, "body", "提交的内容不是有效的 UTF-8 文本，未作任何处理。", "The body is not valid UTF-8."));
        }
        catch (JsonException ex)
        {
            return (null, FieldProblem.ForStaff(StatusCodes.Status400BadRequest, "body", "提交的内容不是有效的 JSON，未作任何处理。", $"The body is not valid JSON: {ex.Message}"));
        }
        catch (InvalidOperationException ex)
        {
            return (null, FieldProblem.ForStaff(StatusCodes.Status400BadRequest, "body", "提交的内容中有无效的字符（如单独的代理项），未作任何处理。", $"The body holds text that is not valid Unicode: {ex.Message}"));
        }
    }

    // runtimeStatus may repeat and hold comma-separated values, as in Durable Functions.
    private static bool TryStatuses(
        Microsoft.Extensions.Primitives.StringValues values, Func<OrchestrationRuntimeStatus, bool> allowed, string expected,
        out List<OrchestrationRuntimeStatus> statuses, out ProblemHttpResult? error)
    {
        statuses = [];
        error = null;
        foreach (string value in values.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!Enum.TryParse<OrchestrationRuntimeStatus>(value, ignoreCase: true, out var status) || !allowed(status))
            {
                error = FieldProblem.ForStaff(StatusCodes.Status400BadRequest, "runtimeStatus", $"“runtimeStatus”（运行状态）中的“{value}”无效：只能是 {string.Join("、", Enum.GetValues<OrchestrationRuntimeStatus>().Where(allowed))}。", $"'{value}' is not {expected}.");
                return false;
            }

            statuses.Add(status);
        }

        return true;
    }

    private static bool TryTime(string? text, string field, out DateTimeOffset? value, out ProblemHttpResult? error)
    {
        value = null;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }

        error = FieldProblem.ForStaff(StatusCodes.Status400BadRequest, field, $"“{field}”须为日期时间（如 2026-12-01T00:00:00Z），“{text}”无法识别。", $"'{text}' is not a date and time (ISO 8601).");
        return false;
    }
}
