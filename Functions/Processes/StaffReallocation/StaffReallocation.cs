using Microsoft.DurableTask;
using EduFlows.Durable;
using EduFlows.Tasks;
using Microsoft.Extensions.Logging;
using static EduFlows.Processes.StaffReallocation.StaffReallocationActivities;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// County-managed, school-hired staff reallocation (县管校聘): one orchestration per reallocation (e.g.
/// <c>staff-reallocation-2027</c>) running posts, then the four rounds in order, then the unplaced cases. Every task
/// window and every round's result mails fan out in sub-orchestrations of at most
/// <see cref="StaffReallocationOptions.BatchSize"/> people (<c>{id}:{step}:{n}</c>), so no instance's history grows
/// past a few thousand events even for the county's 8,950 staff.
/// </summary>
public static partial class StaffReallocation
{
    /// <summary>The orchestrator's name.</summary>
    public const string Name = "StaffReallocation";

    /// <summary>The sub-orchestrator giving one batch of a window's tasks and storing the answers.</summary>
    public const string BatchName = "StaffReallocationBatch";

    /// <summary>The sub-orchestrator writing and sending one batch of result mails.</summary>
    public const string NotifyName = "StaffReallocationNotify";

    /// <summary>The event an appeal is raised as (<see cref="ReallocationAppeal"/>).</summary>
    public const string AppealEvent = "Appeal";

    /// <summary>
    /// The first version that closes each round's appeal window as it ends (<c>host.json</c>'s
    /// <c>extensions.durableTask.defaultVersion</c> "3.2" or later starts new reallocations on it): while the bureau
    /// decides the round's appeals the stage is <see cref="AppealReviewStage"/>, so no appeal is taken after the window,
    /// and an appeal event naming another round (or none) is not counted in the window it reaches.
    /// </summary>
    /// <remarks>
    /// Reallocations started on an earlier version replay their appeal windows as recorded: the stage stays
    /// <see cref="AppealStage"/> until the next round, and every appeal event their window takes in is counted there.
    /// </remarks>
    public const string AppealReviewVersion = "3.2";

    /// <summary>A round's appeal window as its stage word: <c>appeal:{round}</c>.</summary>
    public static string AppealStage(Round round) => AppealStagePrefix + round;

    /// <summary>The bureau deciding a round's appeals, its window closed (<see cref="AppealReviewVersion"/>): <c>appeal-review:{round}</c>.</summary>
    public static string AppealReviewStage(Round round) => AppealReviewStagePrefix + round;

    /// <summary>The start of <see cref="AppealStage"/>'s word.</summary>
    public const string AppealStagePrefix = "appeal:";

    /// <summary>The start of <see cref="AppealReviewStage"/>'s word.</summary>
    public const string AppealReviewStagePrefix = "appeal-review:";

    /// <summary>The rounds in order.</summary>
    public static readonly IReadOnlyList<Round> Rounds = [Round.DirectAppointment, Round.SupportTeaching, Round.InSchoolCompetition, Round.CrossSchoolCompetition];

    /// <summary>The most appeals one round's window takes (500), bounding the orchestration's history.</summary>
    public const int MaxAppealsPerRound = 500;

    /// <summary>
    /// Issue 21's stated bound on the reallocation's own history (events), with no appeal: every window and every round's
    /// mails run in sub-orchestrations, so it holds only its steps; measured 396 for the county's 8,950 staff (bench).
    /// Each appeal adds a few events (at most <see cref="MaxAppealsPerRound"/> a round).
    /// </summary>
    public const int HistoryBound = 5_000;

    /// <summary>
    /// The stated bound on one batch's window (<see cref="BatchName"/>, events): a few steps (at most 48 with nobody
    /// answering, StaffReallocationHistoryBoundTests), and each answer of its at most
    /// <see cref="StaffReallocationOptions.BatchSize"/> people adds its event and the replay it wakes.
    /// </summary>
    public const int BatchHistoryBound = 1_000;

    /// <summary>
    /// The stated bound on one batch of result or breakdown mails (<see cref="NotifyName"/>,
    /// <see cref="PointsObjectionWindow.NotifyName"/>, events): written, then sent by one activity; SendGrid refusing
    /// for long adds a retry timer each time (<see cref="StaffTaskOrchestration.MailRetry"/>'s 20 attempts).
    /// </summary>
    public const int NotifyHistoryBound = 200;

    private static TaskOptions Retried => Storage.StorageRetry.Options;

    /// <summary>The reallocation: posts approved by the bureau, each round's window, rule, results and appeals, then the unplaced cases.</summary>
    [Function(Name)]
    public static async Task<string> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var start = context.GetInput<ReallocationStart>() ?? throw new InvalidOperationException($"{Name} starts with a {nameof(ReallocationStart)}.");
        string id = start.ReallocationId;
        var options = start.Options;
        await context.CallActivityAsync<int>(Prepare, start, Retried);
        await PointsObjectionWindow.RunAsync(context, start);

        string? note = null;
        for (int attempt = 1; ; attempt++)
        {
            context.SetStatus(new ReallocationProgress(id, "posts", "principals publish posts"));
            await WindowAsync(context, start, Steps.Posts, attempt, note, context.CurrentUtcDateTime + options.Window);
            var summary = await context.CallActivityAsync<IReadOnlyList<KeyValuePair<string, string>>>(PostsSummary, id, Retried);
            context.SetStatus(new ReallocationProgress(id, "posts", $"the bureau approves the posts ({start.OwnerId})"));
            var approval = await context.AssignStaffTaskAsync(new StaffTaskRequest(StaffReallocationTasks.ApprovePosts.Name, start.OwnerId, $"{ReallocationNames.TitleOf(start).Zh} · 全县岗位核定（第{attempt}次）", context.CurrentUtcDateTime + options.BureauWindow)
            {
                TaskId = $"{StaffReallocationTasks.ApprovePosts.Name}-{id}-{attempt}",
                RemindBefore = [TimeSpan.FromDays(1)],
                Context = summary,
            });
            var values = approval.Receipt?.Values;
            bool sentBack = values?.GetValueOrDefault("decision") == "return" && attempt < options.MaxPostRounds;
            note = values?.GetValueOrDefault("reason") is { Length: > 0 } reason ? reason : "（未写理由 no reason given）";
            string what = approval.Receipt is null ? "not decided in time: the posts stand" : sentBack ? "sent back: " + note : "approved";
            var decided = new TraceEntry(approval.Receipt?.SubmittedAt ?? context.CurrentUtcDateTime, approval.Receipt?.SubmittedBy ?? "nobody", Steps.Posts, what)
            {
                Approval = approval.Receipt is null ? PostsApproval.NotDecidedInTime : sentBack ? PostsApproval.SentBack : PostsApproval.Approved,
                Note = sentBack && values?.GetValueOrDefault("reason") is { Length: > 0 } given ? given : null,
            };
            await context.CallActivityAsync<bool>(SetStage, new StageInput(id, "posts", decided), Retried);
            if (!sentBack)
            {
                break;
            }
        }

        foreach (var round in Rounds)
        {
            await context.CallActivityAsync<bool>(SetStage, new StageInput(id, round.ToString(), null), Retried);
            context.SetStatus(new ReallocationProgress(id, round.ToString(), "the round's window"));
            string? step = round switch
            {
                Round.DirectAppointment => Steps.Direct,
                Round.SupportTeaching => Steps.Volunteer,
                Round.InSchoolCompetition => Steps.InSchoolRanking,
                Round.CrossSchoolCompetition => Steps.Ranked,
                _ => null,
            };
            if (step is not null)
            {
                await WindowAsync(context, start, step, 1, null, context.CurrentUtcDateTime + options.Window);
            }

            if (round == Round.CrossSchoolCompetition)
            {
                // Schools rank those who named their posts, once the lists are in.
                await WindowAsync(context, start, Steps.SchoolRanking, 1, null, context.CurrentUtcDateTime + options.Window);
            }

            var changed = await context.CallActivityAsync<IReadOnlyList<string>>(ApplyRound, new ApplyInput(id, round, false, context.CurrentUtcDateTime), Retried);
            await NotifyAsync(context, start, round.ToString(), changed);
            await AppealWindowAsync(context, start, round);
        }

        await context.CallActivityAsync<bool>(SetStage, new StageInput(id, "unplaced", null), Retried);
        context.SetStatus(new ReallocationProgress(id, "unplaced", $"the bureau decides unplaced cases ({start.OwnerId})"));
        var cases = await WindowAsync(context, start, Steps.Unplaced, 1, null, context.CurrentUtcDateTime + options.BureauWindow);
        await NotifyAsync(context, start, "unplaced", cases);
        await context.CallActivityAsync<bool>(SetStage, new StageInput(id, "finished", null), Retried);
        context.SetStatus(new ReallocationProgress(id, "finished"));
        return "finished";
    }

    /// <summary>One batch of a window: gives the tasks, waits for every one to end, stores the answers.</summary>
    [Function(BatchName)]
    public static async Task<int> RunBatchAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<BuildInput>() ?? throw new InvalidOperationException($"{BatchName} starts with a {nameof(BuildInput)}.");
        // No status of its own: set only so its tasks' reminders and due times are published (TimerStatus).
        context.SetStatus(null);
        var requests = await context.CallActivityAsync<IReadOnlyList<KeyedRequest>>(BuildTasks, input, Retried);
        // One window of tasks: opened, reminded and expired by one activity each, not five per person. No version branch
        // for the task per person before 6eb187b (2026-12-05): no instance had a version until host.json's 2.0, before or
        // after it, so an old batch fails here on replay, named (UnversionedReallocationReplayTests).
        var outcomes = await context.AssignStaffTasksAsync([.. requests.Select(r => r.Request)]);
        var answers = requests.Select((r, i) => new Answer(r.Key, outcomes[i])).ToList();
        await context.CallActivityAsync<bool>(RecordAnswers, new RecordInput(input.Start.ReallocationId, input.Step, answers, context.CurrentUtcDateTime), Retried);
        return outcomes.Count(o => o.Result == StaffTaskResult.Submitted);
    }

    /// <summary>One batch of result mails: written to the outbox, then sent by one activity; returns how many are sent (a refused mail stays there as failed).</summary>
    [Function(NotifyName)]
    public static async Task<int> RunNotifyAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<ResultsInput>() ?? throw new InvalidOperationException($"{NotifyName} starts with a {nameof(ResultsInput)}.");
        var ids = await context.CallActivityAsync<IReadOnlyList<string>>(WriteResults, input, Retried);
        // One activity sends the batch a few at a time (a refused mail stays in the outbox as failed, and the process goes on).
        // No version branch for one SendMail per mail (before d3124f2, 2026-12-05): no instance had a version until host.json's
        // 2.0, before or after it, so an old one fails here on replay, named (UnversionedReallocationReplayTests).
        return (await context.SendMailsAsync(ids)).Sent;
    }

    // Fans the step's tasks out in batches and returns whom they were for.
    private static async Task<IReadOnlyList<string>> WindowAsync(TaskOrchestrationContext context, ReallocationStart start, string step, int attempt, string? note, DateTime due)
    {
        var keys = await context.CallActivityAsync<IReadOnlyList<string>>(Keys, new KeysInput(start.ReallocationId, step), Retried);
        var batches = keys.Chunk(start.Options.BatchSize).Select((chunk, n) => context.CallSubOrchestratorAsync<int>(
            BatchName,
            new BuildInput(start, step, chunk, due, attempt, note),
            new SubOrchestrationOptions { InstanceId = $"{start.ReallocationId}:{step}-{attempt}:{n}" }));
        await Task.WhenAll(batches);
        return keys;
    }

    private static async Task NotifyAsync(TaskOrchestrationContext context, ReallocationStart start, string tag, IReadOnlyList<string> staffIds) =>
        await Task.WhenAll(staffIds.Chunk(start.Options.BatchSize).Select((chunk, n) => context.CallSubOrchestratorAsync<int>(
            NotifyName,
            new ResultsInput(start.ReallocationId, tag, chunk),
            new SubOrchestrationOptions { InstanceId = $"{start.ReallocationId}:mail-{tag}:{n}" })));

    // Appeals are taken until the window closes; the bureau then decides each by task, and upheld ones run the round again.
    private static async Task AppealWindowAsync(TaskOrchestrationContext context, ReallocationStart start, Round round)
    {
        string id = start.ReallocationId;
        // Version 3.2: the window closes as it ends (its own stage while the bureau decides) and takes only its own
        // round's appeals; the API keeps each appeal on record before raising it, and the window, as it closes, takes in
        // those whose event it did not get (raced with the close, or past its 500). Earlier versions still running go on
        // as their history has it.
        bool closesWindow = context.CompareVersionTo(AppealReviewVersion) >= 0;
        bool keepsAppeals = closesWindow && start.AppealsOnRecord;
        await context.CallActivityAsync<bool>(SetStage, new StageInput(id, AppealStage(round), null, keepsAppeals), Retried);
        context.SetStatus(new ReallocationProgress(id, AppealStage(round), "appeals"));
        var closesPurpose = ReallocationNames.AppealWindowCloses(ReallocationNames.TitleOf(start), round);
        var closes = context.CreatePublishedTimer(context.CurrentUtcDateTime + start.Options.AppealWindow, closesPurpose.Zh, closesPurpose.En, CancellationToken.None);
        var appeals = new List<ReallocationAppeal>();
        while (appeals.Count < MaxAppealsPerRound)
        {
            using var stopWaiting = new CancellationTokenSource();
            var appeal = context.WaitForExternalEvent<ReallocationAppeal>(AppealEvent, stopWaiting.Token);
            if (await Task.WhenAny(appeal, closes) == closes)
            {
                CancelNow(stopWaiting);
                break;
            }

            var taken = await appeal;
            if (closesWindow && taken.Round != round)
            {
                // Raised outside this window (kept in the buffer since an earlier round, or raised by hand without its
                // round): not an appeal against this round's result, so it is neither counted nor decided here.
                LogAppealNotTaken(context.CreateReplaySafeLogger(typeof(StaffReallocation).FullName!), id, round, taken.StaffId, taken.Round?.ToString() ?? "none");
                continue;
            }

            if (keepsAppeals)
            {
                // The same appeal raised again (the API's retry) is one appeal; one the API refused as late is none.
                if (appeals.Any(a => IsSame(a, taken))
                    || !await context.CallActivityAsync<bool>(
                        AppealRecordActivities.TakeIn, new AppealRecordActivities.LodgedInput(id, round, appeals.Count, taken.StaffId, taken.Reason, taken.LodgedBy, context.CurrentUtcDateTime), Retried))
                {
                    continue;
                }
            }
            else if (start.AppealsOnRecord)
            {
                await context.CallActivityAsync<bool>(
                    AppealRecordActivities.RecordLodged, new AppealRecordActivities.LodgedInput(id, round, appeals.Count, taken.StaffId, taken.Reason, taken.LodgedBy, context.CurrentUtcDateTime), Retried);
            }

            appeals.Add(taken);
        }

        if (appeals.Count == MaxAppealsPerRound)
        {
            // Full: later appeals wait in the buffer (from 3.2 the API refuses them); the window still lasts its time.
            await closes;
        }

        // The window is closed: from here the API refuses an appeal to this round (申诉期已结束) instead of leaving it to the next window.
        string reviewStage = closesWindow ? AppealReviewStage(round) : AppealStage(round);
        if (closesWindow)
        {
            // Closed first, then read: every appeal the API kept before the stage moved is found here, and one it keeps
            // after is refused (AppealIntake), so an appeal answered 202 whose event came too late is decided with the rest.
            await context.CallActivityAsync<bool>(SetStage, new StageInput(id, reviewStage, null), Retried);
        }

        if (keepsAppeals)
        {
            // Numbered on from those taken through their events: the i-th appeal's record and task carry number i.
            var kept = await context.CallActivityAsync<IReadOnlyList<AppealRecord>>(
                AppealRecordActivities.TakeInKept, new AppealRecordActivities.KeptInput(id, round, appeals.Count), Retried);
            appeals.AddRange([.. kept.Select(k => new ReallocationAppeal(k.StaffId, k.Reason, k.LodgedBy, round))]);
        }

        if (appeals.Count == 0)
        {
            return;
        }

        context.SetStatus(new ReallocationProgress(id, reviewStage, $"the bureau decides {appeals.Count} appeal(s) ({start.OwnerId})"));
        var reviews = await Task.WhenAll(appeals.Select((a, i) => context.AssignStaffTaskAsync(new StaffTaskRequest(StaffReallocationTasks.AppealReview.Name, start.OwnerId, $"{ReallocationNames.TitleOf(start).Zh} · {StaffReallocationMails.RoundName(round, false)} · 申诉 · {a.StaffId}", context.CurrentUtcDateTime + start.Options.BureauWindow)
        {
            TaskId = AppealRecord.AppealTaskId(id, round, a.StaffId, i),
            RemindBefore = [TimeSpan.FromDays(1)],
            Context = [new("教职工 Staff", a.StaffId), new("轮次 Round", StaffReallocationMails.RoundName(round, false)), new("申诉理由 Reason", a.Reason), new("提出人 Lodged by", a.LodgedBy ?? "-")],
        })));
        bool anyUpheld = false;
        for (int i = 0; i < appeals.Count; i++)
        {
            anyUpheld |= await context.CallActivityAsync<bool>(ApplyAppeal, new AppealInput(id, round, appeals[i], reviews[i], context.CurrentUtcDateTime, i, Kept: keepsAppeals), Retried);
        }

        var told = appeals.Select(a => a.StaffId).ToList();
        if (anyUpheld)
        {
            told.AddRange(await context.CallActivityAsync<IReadOnlyList<string>>(ApplyRound, new ApplyInput(id, round, true, context.CurrentUtcDateTime), Retried));
        }

        await NotifyAsync(context, start, "appeal-" + round, [.. told.Distinct(StringComparer.Ordinal)]);
    }

    // One appeal: the same person and reason (the row the API keeps it as, AppealRecord.KeptIdOf).
    private static bool IsSame(ReallocationAppeal a, ReallocationAppeal b) =>
        string.Equals(a.StaffId, b.StaffId, StringComparison.Ordinal) && string.Equals(a.Reason, b.Reason, StringComparison.Ordinal);

    // Synchronously: CancelAsync would run the callbacks on the thread pool, outside the replayed step.
#pragma warning disable CA1849
    private static void CancelNow(CancellationTokenSource source) => source.Cancel();
#pragma warning restore CA1849

    [LoggerMessage(EventId = 7301, Level = LogLevel.Warning, Message = "Reallocation {ReallocationId}: an appeal by {StaffId} for round {AppealRound} reached the {Round} appeal window and is not counted there")]
    private static partial void LogAppealNotTaken(ILogger logger, string reallocationId, Round round, string staffId, string appealRound);
}
