using EduFlows.Hosting;
using EduFlows.Tasks;
using Microsoft.DurableTask.Client;

namespace EduFlows.Workbench;

/// <summary>
/// <c>GET /api/office</c> (master key): the processes running now, each instance with its stage, open and overdue
/// tasks, its own next durable timer and links to its reports, and when each timer function fires next. A page for the
/// office's browser, zh-CN first; the same as JSON for a caller that asks for <c>application/json</c> and not HTML.
/// </summary>
public sealed class OfficeHomeApi(IConfiguration configuration, StaffTaskStore tasks, BureauClock clock, TimeProvider time, Triggers.Timers.ITimerSchedules? schedules = null, Durable.IInstanceVersions? versions = null)
{
    /// <summary>
    /// How many instances of one process the page lists (the latest), each with its next timer; the count says how many
    /// run, and a "更多" link opens the process's instances page for the rest.
    /// </summary>
    /// <remarks>
    /// An instance publishes its next timer in its custom status (<see cref="Durable.TimerStatus"/>), which the instance
    /// list already holds; only an instance whose status publishes none (its last step ran before timers were published,
    /// or its process does not publish them) has its history read, for the listed ones only.
    /// </remarks>
    public const int InstancesShown = 10;

    /// <summary>How many instances' histories the page reads at once, for the next timers of those that publish none.</summary>
    public const int HistoryReads = 8;

    private const string ManagementApi = "/runtime/webhooks/durabletask/instances/";
    private readonly string _routePrefix = AppHostSettings.FromConfiguration(configuration).RoutePrefix;

    /// <summary>The office home page.</summary>
    [Function("OfficeHome")]
    public async Task<IResult> ShowAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "office")] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var links = OfficeLinks.From(request, _routePrefix);
        var now = time.GetUtcNow();

        // One query for the open tasks, counted per owning instance, rather than one per instance.
        var open = await tasks.AllOpenAsync(cancellationToken).ConfigureAwait(false);
        var taskCounts = open.GroupBy(t => t.InstanceId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (Open: g.Count(), Overdue: g.Count(t => t.DueAt < now)), StringComparer.Ordinal);

        var running = new List<OrchestrationMetadata>();
        var query = new OrchestrationQuery
        {
            Statuses = [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended],
            PageSize = 500,
            FetchInputsAndOutputs = false,
        };
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            running.Add(instance);
        }

        var groups = running
            .GroupBy(i => i.Name, StringComparer.OrdinalIgnoreCase)
            .Select(g => (Process: OfficeProcess.Of(g.Key), Instances: g.OrderByDescending(i => i.CreatedAt).ToList()))
            .OrderBy(p => p.Process.Order).ThenBy(p => p.Process.Orchestrator, StringComparer.Ordinal)
            .ToList();

        // Each listed instance's next timer, as it published it in its custom status (already read with the list); an
        // instance that publishes none has its history read instead, a few at a time.
        var openByInstance = open.ToLookup(t => t.InstanceId, StringComparer.Ordinal);
        var shown = groups.SelectMany(g => g.Instances.Take(InstancesShown)).ToList();

        // Each shown status parsed once, for its stage and its timer alike.
        var statuses = new Dictionary<string, System.Text.Json.JsonElement?>(StringComparer.Ordinal);
        foreach (var instance in shown)
        {
            statuses[instance.InstanceId] = Durable.CustomStatusJson.Parse(instance.SerializedCustomStatus);
        }

        var nextTimers = new System.Collections.Concurrent.ConcurrentDictionary<string, InstanceTimer>(StringComparer.Ordinal);
        var unpublished = new List<string>();
        foreach (var instance in shown.Where(i => i.RuntimeStatus != OrchestrationRuntimeStatus.Pending))
        {
            if (!Durable.TimerStatus.TryRead(statuses[instance.InstanceId], out var published))
            {
                unpublished.Add(instance.InstanceId);
            }
            else if (published is not null)
            {
                nextTimers[instance.InstanceId] = Timer(published, links);
            }
        }

        await Parallel.ForEachAsync(
            unpublished,
            new ParallelOptions { MaxDegreeOfParallelism = HistoryReads, CancellationToken = cancellationToken },
            async (id, token) =>
            {
                if (InstanceTimer.Pending(await client.GetOrchestrationHistoryAsync(id, token).ConfigureAwait(false)) is { } at)
                {
                    nextTimers[id] = Timer(at, openByInstance[id], links);
                }
            }).ConfigureAwait(false);

        var processes = groups
            .Select(p =>
            {
                var counts = p.Instances.Select(i => taskCounts.GetValueOrDefault(i.InstanceId)).ToList();
                return new RunningProcess(
                    p.Process.Title(links.Culture),
                    p.Process.Orchestrator,
                    p.Instances.Count,
                    counts.Sum(c => c.Open),
                    counts.Sum(c => c.Overdue),
                    p.Instances.Count > InstancesShown ? links.To("office/instances", ("name", p.Process.Orchestrator)) : null,
                    [.. p.Instances.Take(InstancesShown).Select(i => Row(
                        i,
                        p.Process,
                        taskCounts.GetValueOrDefault(i.InstanceId),
                        nextTimers.GetValueOrDefault(i.InstanceId),
                        statuses[i.InstanceId],
                        links))]);
            })
            .ToList();

        // The host that runs the timers knows their last run, pause and policy; without it (Azure) the schedule alone says when next.
        var held = schedules is null
            ? new Dictionary<string, Triggers.Timers.TimerState>(StringComparer.Ordinal)
            : (await schedules.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Name, StringComparer.Ordinal);
        var timers = OfficeTimer.All
            .Select(t => held.TryGetValue(t.Function, out var state)
                ? new NextTimer(
                    t.Title(links.Culture), t.Function, t.Schedule, clock.Format(state.Next), state.Last is { } last ? clock.Format(last) : string.Empty,
                    state.Control.Paused, state.Control.Overlap == Triggers.Timers.TimerOverlap.Skip)
                : new NextTimer(t.Title(links.Culture), t.Function, t.Schedule, t.NextAfter(now, clock.Zone) is { } next ? clock.Format(next) : string.Empty))
            .ToList();

        string zone = clock.ZoneName(links.Culture);
        if (request.AsksForJsonOnly())
        {
            return TypedResults.Ok(new
            {
                now = TimeZoneInfo.ConvertTime(now, clock.Zone),
                zone = clock.Zone.Id,
                zoneName = zone,
                openTasks = open.Count,
                overdueTasks = open.Count(t => t.DueAt < now),
                processes,
                timers,
            });
        }

        return new RenderedPage<OfficeHomePage>(
            new Dictionary<string, object?>
            {
                [nameof(OfficeHomePage.Links)] = links,
                [nameof(OfficeHomePage.Now)] = clock.Format(now),
                [nameof(OfficeHomePage.Zone)] = zone,
                [nameof(OfficeHomePage.Processes)] = processes,
                [nameof(OfficeHomePage.Timers)] = timers,
                [nameof(OfficeHomePage.Year)] = clock.DateOf(now).Year,
                [nameof(OfficeHomePage.OpenTasks)] = open.Count,
                [nameof(OfficeHomePage.OverdueTasks)] = open.Count(t => t.DueAt < now),
            },
            StatusCodes.Status200OK);
    }

    // The next timer an instance published, with what it said it is for.
    private InstanceTimer Timer(Durable.PublishedTimer published, OfficeLinks links) =>
        new(TimeZoneInfo.ConvertTime(published.At, clock.Zone), clock.Format(published.At), links.Say(published.Purpose, published.PurposeEn));

    // The next timer read from an instance's history, and what it waits for when one of its open tasks is due then (the task's deadline).
    private InstanceTimer Timer(DateTime fireAt, IEnumerable<StaffTask> instanceTasks, OfficeLinks links)
    {
        var at = new DateTimeOffset(fireAt, TimeSpan.Zero);
        var due = instanceTasks.Where(t => (t.DueAt - at).Duration() < TimeSpan.FromSeconds(1)).OrderBy(t => t.Id, StringComparer.Ordinal).ToList();
        var purpose = TaskTimerPurpose.Of([.. due.Select(t => TaskTimerPurpose.Named(t.Subject, t.AssigneeName))], []);
        string waitsFor = links.Say(purpose.Zh, purpose.En);
        return new InstanceTimer(TimeZoneInfo.ConvertTime(at, clock.Zone), clock.Format(at), waitsFor);
    }

    private RunningInstance Row(OrchestrationMetadata instance, OfficeProcess process, (int Open, int Overdue) counts, InstanceTimer? next, System.Text.Json.JsonElement? status, OfficeLinks links)
    {
        var reports = process.Reports(instance.InstanceId).Select(r => (links.Say(r.Zh, r.En), links.To(r.Path))).ToList();
        // The management API is the Durable extension's and takes only keys: an office sign-in gets the office's instance page.
        reports.Add(links.Code is null
            ? (links.Say("运行状态", "Status"), links.To("office/instances/" + Uri.EscapeDataString(instance.InstanceId)))
            : (links.Say("运行状态（管理接口）", "Status (management API)"), links.ToHost(ManagementApi + Uri.EscapeDataString(instance.InstanceId))));
        string state = (instance.RuntimeStatus, links.English) switch
        {
            (OrchestrationRuntimeStatus.Pending, false) => "待启动",
            (OrchestrationRuntimeStatus.Pending, true) => "pending",
            (OrchestrationRuntimeStatus.Suspended, false) => "已暂停",
            (OrchestrationRuntimeStatus.Suspended, true) => "suspended",
            (_, false) => "运行中",
            _ => "running",
        };
        return new RunningInstance(
            instance.InstanceId,
            state,
            clock.Format(instance.CreatedAt),
            clock.Format(instance.LastUpdatedAt),
            ProcessStage.Describe(status, links.Culture, clock),
            instance.SerializedCustomStatus,
            counts.Open,
            counts.Overdue,
            reports,
            versions?.VersionOf(instance) ?? string.Empty,
            next);
    }
}
