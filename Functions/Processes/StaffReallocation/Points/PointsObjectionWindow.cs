using EduFlows.Durable;
using EduFlows.Tasks;
using Microsoft.DurableTask;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// The reallocation's points step, between Prepare (which computed the points from the sheet) and the posts window: for
/// <see cref="StaffReallocationOptions.ObjectionWindow"/>, everyone has their breakdown by mail and may object; the
/// bureau decides each objection by task, and upheld ones correct the sheet and the points before any round reads them.
/// </summary>
public static partial class PointsObjectionWindow
{
    /// <summary>The event an objection is raised as (<see cref="PointsObjection"/>).</summary>
    public const string ObjectionEvent = "PointsObjection";

    /// <summary>The sub-orchestrator writing and sending one batch of breakdown mails.</summary>
    public const string NotifyName = "StaffReallocationPointsNotify";

    /// <summary>The reallocation's stage while objections are taken.</summary>
    public const string Stage = "objection";

    /// <summary>
    /// The reallocation's stage from the window's close until the bureau has decided every objection (from 3.2): the API
    /// refuses an objection (409) and the form shows the window closed.
    /// </summary>
    public const string DecidingStage = "objection-deciding";

    /// <summary>
    /// From this version (issue 16) the window keeps its close time on the reallocation (the API refuses from then on) and
    /// sets <see cref="DecidingStage"/> as its timer fires. Started with <see cref="ReallocationStart.ObjectionsKept"/>, the
    /// API keeps each objection on record before raising it, and the close takes in every kept one whose event it did not
    /// get, however late the timer fires; started before, the window still takes, for <see cref="LateGrace"/>, an objection
    /// the API took before the close whose event came after the timer. Reallocations of an earlier version keep their
    /// path: the stage stays <see cref="Stage"/> until the decisions.
    /// </summary>
    public const string DecidingStageVersion = "3.2";

    /// <summary>How long after the close a window started without <see cref="ReallocationStart.ObjectionsKept"/> still waits for events the API took before it (5 minutes).</summary>
    public static readonly TimeSpan LateGrace = TimeSpan.FromMinutes(5);

    /// <summary>The most objections one window takes (500), bounding the orchestration's history; the API refuses more (409) when it keeps them.</summary>
    public const int MaxObjections = 500;

    /// <summary>
    /// Whether the reallocation as read takes an objection at <paramref name="now"/>: in the objection stage and before
    /// its close time (a window of 3.2 on: the API and the form go by the time, not only by the timer having fired).
    /// </summary>
    public static bool Takes(ReallocationRecord? reallocation, DateTime now) =>
        reallocation is { Stage: Stage } && (reallocation.ObjectionsCloseAt is not { } closesAt || now < closesAt);

    /// <summary>Whether the window has closed and the bureau decides its objections (or is about to: the close time has passed).</summary>
    public static bool HasClosed(ReallocationRecord? reallocation, DateTime now) =>
        reallocation?.Stage == DecidingStage || (reallocation is { Stage: Stage, ObjectionsCloseAt: { } closesAt } && now >= closesAt);

    private static TaskOptions Retried => Storage.StorageRetry.Options;

    /// <summary>Runs the step inside the reallocation's orchestration.</summary>
    public static async Task RunAsync(TaskOrchestrationContext context, ReallocationStart start)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(start);
        string id = start.ReallocationId;
        // Prepare computed the points from the sheet; they are computed again only after an upheld objection.
        if (start.Options.ObjectionWindow <= TimeSpan.Zero)
        {
            return;
        }

        bool decidingStage = context.CompareVersionTo(DecidingStageVersion) >= 0;
        // Issue 16: the API keeps each objection before raising it, and the close takes in the kept ones; a start before
        // that (no ObjectionsKept in its input) goes on with its 5-minute grace as its history has it.
        bool kept = decidingStage && start.ObjectionsKept;
        var closesAt = context.CurrentUtcDateTime + start.Options.ObjectionWindow;
        if (decidingStage)
        {
            await context.CallActivityAsync<bool>(StaffPointsActivities.OpenObjections, new StaffPointsActivities.OpenInput(id, closesAt, kept), Retried);
        }
        else
        {
            await context.CallActivityAsync<bool>(StaffReallocationActivities.SetStage, new StaffReallocationActivities.StageInput(id, Stage, null), Retried);
        }

        context.SetStatus(new ReallocationProgress(id, Stage, "points published; objections"));
        var closesPurpose = ReallocationNames.ObjectionWindowCloses(ReallocationNames.TitleOf(start));
        var closes = context.CreatePublishedTimer(closesAt, closesPurpose.Zh, closesPurpose.En, CancellationToken.None);
        var everyone = await context.CallActivityAsync<IReadOnlyList<string>>(StaffPointsActivities.Participants, id, Retried);
        await NotifyAsync(context, start, "points", everyone, null);
        var objections = new List<PointsObjection>();
        while (objections.Count < MaxObjections)
        {
            using var stopWaiting = new CancellationTokenSource();
            var objection = context.WaitForExternalEvent<PointsObjection>(ObjectionEvent, stopWaiting.Token);
            if (await Task.WhenAny(objection, closes) == closes)
            {
                CancelNow(stopWaiting);
                break;
            }

            await TakeAsync(await objection);
        }

        if (objections.Count == MaxObjections)
        {
            await closes;
        }

        if (kept)
        {
            // Closed first, then read: every objection the API kept before the stage moved is found here, however late
            // the timer fired (the API refuses from the close time on), and one it keeps after is refused (AppealIntake).
            await context.CallActivityAsync<bool>(StaffReallocationActivities.SetStage, new StaffReallocationActivities.StageInput(id, DecidingStage, null), Retried);
            context.SetStatus(new ReallocationProgress(id, DecidingStage, "objection window closed"));
            var late = await context.CallActivityAsync<IReadOnlyList<AppealRecord>>(
                AppealRecordActivities.TakeInKept, new AppealRecordActivities.KeptInput(id, null, objections.Count), Retried);
            objections.AddRange(late.Select(k => new PointsObjection(k.StaffId, k.Reason, k.LodgedBy, k.LodgedAt?.UtcDateTime)));
        }
        else if (decidingStage)
        {
            // The window is over: the API refuses from now on (the stage, and the close time before it). An objection it
            // took before the close whose event comes after the timer is still taken; others are ignored, logged.
            await context.CallActivityAsync<bool>(StaffReallocationActivities.SetStage, new StaffReallocationActivities.StageInput(id, DecidingStage, null), Retried);
            context.SetStatus(new ReallocationProgress(id, DecidingStage, "objection window closed"));
            var gracePurpose = ReallocationNames.LateObjectionsClose(ReallocationNames.TitleOf(start));
            var graceOver = context.CreatePublishedTimer(context.CurrentUtcDateTime + LateGrace, gracePurpose.Zh, gracePurpose.En, CancellationToken.None);
            var log = context.CreateReplaySafeLogger(nameof(PointsObjectionWindow));
            while (objections.Count < MaxObjections)
            {
                using var stopWaiting = new CancellationTokenSource();
                var objection = context.WaitForExternalEvent<PointsObjection>(ObjectionEvent, stopWaiting.Token);
                if (await Task.WhenAny(objection, graceOver) == graceOver)
                {
                    CancelNow(stopWaiting);
                    break;
                }

                var late = await objection;
                if (late.LodgedAt is { } lodged && lodged < closesAt)
                {
                    await TakeAsync(late);
                }
                else
                {
                    LogIgnored(log, id, late.StaffId, late.LodgedAt, closesAt);
                }
            }
        }

        if (objections.Count == 0)
        {
            await context.CallActivityAsync<bool>(StaffReallocationActivities.SetStage, new StaffReallocationActivities.StageInput(id, "posts", null), Retried);
            return;
        }

        // On 3.2 the stored stage is the deciding one by now: the office home reads the custom status, so it says the same.
        context.SetStatus(new ReallocationProgress(id, decidingStage ? DecidingStage : Stage, $"the bureau decides {objections.Count} objection(s) ({start.OwnerId})"));
        var facts = await context.CallActivityAsync<IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>>>(StaffPointsActivities.ObjectionFacts, new StaffPointsActivities.FactsInput(id, objections), Retried);
        var reviews = await Task.WhenAll(objections.Select((o, i) => context.AssignStaffTaskAsync(new StaffTaskRequest(PointsObjectionTasks.Review.Name, start.OwnerId, $"县管校聘 {id} · 积分异议 · {o.StaffId}", context.CurrentUtcDateTime + start.Options.BureauWindow)
        {
            TaskId = AppealRecord.ObjectionTaskId(id, o.StaffId, i),
            RemindBefore = [TimeSpan.FromDays(1)],
            Context = facts[i],
        })));
        var decisions = new Dictionary<string, string>(StringComparer.Ordinal);
        bool anyUpheld = false;
        for (int i = 0; i < objections.Count; i++)
        {
            var decision = await context.CallActivityAsync<StaffPointsActivities.ObjectionDecision>(StaffPointsActivities.ApplyObjection, new StaffPointsActivities.ObjectionInput(id, objections[i], reviews[i], context.CurrentUtcDateTime, i, kept), Retried);
            anyUpheld |= decision.Upheld;
            decisions[objections[i].StaffId] = decisions.TryGetValue(objections[i].StaffId, out var earlier) ? earlier + "；" + decision.Text : decision.Text;
        }

        if (anyUpheld)
        {
            await context.CallActivityAsync<int>(StaffPointsActivities.Compute, new StaffPointsActivities.ComputeInput(id, start.AsOf), Retried);
        }

        await NotifyAsync(context, start, "objection", [.. decisions.Keys.Order(StringComparer.Ordinal)], decisions);
        await context.CallActivityAsync<bool>(StaffReallocationActivities.SetStage, new StaffReallocationActivities.StageInput(id, "posts", null), Retried);

        async Task TakeAsync(PointsObjection taken)
        {
            if (kept)
            {
                // The same objection raised again (the API's retry) is one objection; one the API refused as late is none.
                if (objections.Any(o => string.Equals(o.StaffId, taken.StaffId, StringComparison.Ordinal) && string.Equals(o.Reason, taken.Reason, StringComparison.Ordinal))
                    || !await context.CallActivityAsync<bool>(
                        AppealRecordActivities.TakeIn, new AppealRecordActivities.LodgedInput(id, null, objections.Count, taken.StaffId, taken.Reason, taken.LodgedBy, context.CurrentUtcDateTime), Retried))
                {
                    return;
                }
            }
            else if (start.AppealsOnRecord)
            {
                await context.CallActivityAsync<bool>(
                    AppealRecordActivities.RecordLodged, new AppealRecordActivities.LodgedInput(id, null, objections.Count, taken.StaffId, taken.Reason, taken.LodgedBy, context.CurrentUtcDateTime), Retried);
            }

            objections.Add(taken);
        }
    }

    [LoggerMessage(EventId = 1601, Level = LogLevel.Warning, Message = "Reallocation {ReallocationId}: a points objection of {StaffId} lodged at {LodgedAt} reached the window closed at {ClosesAt} and is ignored.")]
    private static partial void LogIgnored(ILogger logger, string reallocationId, string staffId, DateTime? lodgedAt, DateTime closesAt);

    /// <summary>One batch of breakdown mails: written to the outbox, then sent by one activity; returns how many are sent (a refused mail stays there as failed).</summary>
    [Function(NotifyName)]
    public static async Task<int> RunNotifyAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<StaffPointsActivities.BreakdownInput>() ?? throw new InvalidOperationException($"{NotifyName} starts with a {nameof(StaffPointsActivities.BreakdownInput)}.");
        var ids = await context.CallActivityAsync<IReadOnlyList<string>>(StaffPointsActivities.WriteBreakdowns, input, Retried);
        // One activity sends the batch a few at a time (a refused mail stays in the outbox as failed, and the process goes on).
        // No version branch for one SendMail per mail (before d3124f2, 2026-12-05): no instance had a version until host.json's
        // 2.0, before or after it, so an old one fails here on replay, named (UnversionedReallocationReplayTests).
        return (await context.SendMailsAsync(ids)).Sent;
    }

    private static async Task NotifyAsync(TaskOrchestrationContext context, ReallocationStart start, string tag, IReadOnlyList<string> staffIds, IReadOnlyDictionary<string, string>? decisions) =>
        await Task.WhenAll(staffIds.Chunk(start.Options.BatchSize).Select((chunk, n) => context.CallSubOrchestratorAsync<int>(
            NotifyName,
            new StaffPointsActivities.BreakdownInput(start.ReallocationId, tag, chunk, decisions?.Where(d => chunk.Contains(d.Key)).ToDictionary(StringComparer.Ordinal)),
            new SubOrchestrationOptions { InstanceId = $"{start.ReallocationId}:mail-{tag}:{n}" })));

    // Synchronously: CancelAsync would run the callbacks on the thread pool, outside the replayed step.
#pragma warning disable CA1849
    private static void CancelNow(CancellationTokenSource source) => source.Cancel();
#pragma warning restore CA1849
}
