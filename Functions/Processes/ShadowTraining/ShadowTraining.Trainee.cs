using System.Globalization;
using EduFlows.Durable;
using Microsoft.DurableTask;
using EduFlows.Tasks;

namespace EduFlows.Processes.ShadowTraining;

/// <summary>One trainee's week.</summary>
public static partial class ShadowTraining
{
    /// <summary>The trainee sub-orchestrator: one trainee's week, from placement to the completion rule's decision.</summary>
    [Function(TraineeName)]
    public static async Task<TraineeOutcome> RunTraineeAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var run = context.GetInput<TraineeRun>() ?? throw new InvalidOperationException($"{TraineeName} starts with the trainee's run ({nameof(TraineeRun)}) as input.");
        var week = new WeekTasks(run);
        var schedule = run.Schedule;
        context.SetStatus(week.Progress("awaiting-confirmation", waiting: ($"confirmation ({run.TraineeName})", $"确认参训（{run.TraineeName}）")));
        await SendAsync(context, ShadowTrainingMails.Placed(run));

        var confirmation = await context.AssignStaffTaskAsync(Request(run, ShadowTrainingTasks.Confirmation, run.TraineeId, "confirm", schedule.ConfirmBy) with
        {
            RemindBefore = [TimeSpan.FromDays(1)],
        });
        DeferralRuling? ruling = null;
        if (confirmation is { Result: StaffTaskResult.Submitted, Receipt: { } answer } && answer.Values.GetValueOrDefault("decision") == "defer")
        {
            string? reason = answer.Values.GetValueOrDefault("reason");
            // The owner by name, as the office reads people (a run from before the name was kept says only 教育局).
            context.SetStatus(week.Progress("deferral-requested", waiting: run.OwnerName is not { Length: > 0 } owner
                ? ("deferral decision (bureau)", "延期申请待教育局决定")
                : ($"deferral decision (bureau, {owner})", $"延期申请待教育局决定（{owner}）")));
            ruling = await DeferralDecisionAsync(context, run, reason, schedule.Days[0].AttendanceOpens);
            if (ruling.Granted)
            {
                await context.CallActivityAsync<bool>(ShadowTrainingActivities.RecordDeferral, new ShadowTrainingActivities.RecordDeferralInput(run, ruling, context.CurrentUtcDateTime), Retried);
                await SendAsync(context, [ShadowTrainingMails.DeferralGranted(run, ruling.Note), .. ShadowTrainingMails.DeferralGrantedToOthers(run)]);
                context.SetStatus(week.Progress("deferred"));
                return new TraineeOutcome(run.TraineeId, run.BaseId, TraineeStatus.Deferred, null, ["deferred to a later batch"], null);
            }

            await SendAsync(context, [ShadowTrainingMails.DeferralDeclined(run, ruling.Note)]);
        }

        context.SetStatus(week.Progress("confirmed"));
        for (int d = 0; d < schedule.Days.Count; d++)
        {
            var day = schedule.Days[d];
            await WaitUntilAsync(context, day.AttendanceOpens, week, d == 0 ? "confirmed" : $"day-{d}", ($"第{d + 1}天考勤登记开放（{run.TraineeName}）", $"Day {d + 1} attendance opens ({run.TraineeName})"));
            week.Attendance.Add(context.AssignStaffTaskAsync(Request(run, ShadowTrainingTasks.Attendance, run.MentorId, Stamp(day), day.AttendanceDue, day) with
            {
                RemindBefore = [TimeSpan.FromHours(2)],
            }));
            context.SetStatus(week.Progress($"day-{d + 1}"));
            await WaitUntilAsync(context, day.JournalOpens, week, $"day-{d + 1}", ($"第{d + 1}天跟岗日志开放（{run.TraineeName}）", $"Day {d + 1} journal opens ({run.TraineeName})"));
            week.Journals.Add(context.AssignStaffTaskAsync(Request(run, ShadowTrainingTasks.Journal, run.TraineeId, Stamp(day), day.JournalDue, day) with
            {
                RemindBefore = [day.JournalDue - day.JournalReminder],
            }));
            context.SetStatus(week.Progress($"day-{d + 1}"));
        }

        await WaitUntilAsync(context, schedule.EvaluationOpens, week, "awaiting-evaluation", ($"结业评价开放（{run.TraineeName}）", $"The evaluation opens ({run.TraineeName})"));
        var remind = new[] { TimeSpan.FromDays(1) };
        week.Evaluation = context.AssignStaffTaskAsync(Request(run, ShadowTrainingTasks.Evaluation, run.MentorId, "week", schedule.EvaluationDue) with { RemindBefore = remind });
        week.Summary = context.AssignStaffTaskAsync(Request(run, ShadowTrainingTasks.Summary, run.TraineeId, "week", schedule.EvaluationDue) with { RemindBefore = remind });
        var pending = week.All.Where(t => !t.IsCompleted).ToList();
        while (pending.Count > 0)
        {
            context.SetStatus(week.Progress("awaiting-evaluation"));
            pending.Remove(await Task.WhenAny(pending));
        }

        var result = week.Result();
        var decisionOfRule = CompletionRule.Decide(result, run.Options);
        string? comment = week.Evaluation is { IsCompletedSuccessfully: true, Result.Receipt: { } evaluation } ? evaluation.Values.GetValueOrDefault("comment") : null;
        string? certificate = await context.CallActivityAsync<string?>(ShadowTrainingActivities.Conclude, new ShadowTrainingActivities.ConcludeInput(run, result, decisionOfRule, comment, ruling, context.CurrentUtcDateTime), Retried);
        await SendAsync(context, [certificate is null ? ShadowTrainingMails.MakeUpOffered(run, decisionOfRule) : ShadowTrainingMails.Completed(run, certificate)]);
        var status = decisionOfRule.Completed ? TraineeStatus.Completed : TraineeStatus.NotCompleted;
        context.SetStatus(week.Progress(decisionOfRule.Completed ? "completed" : "not-completed") with { Missing = decisionOfRule.Missing, MissingZh = decisionOfRule.MissingZh });
        return new TraineeOutcome(run.TraineeId, run.BaseId, status, result, decisionOfRule.Missing, certificate);
    }

    // The batch owner decides by task, or an administrator through the API, whichever comes first, until the week
    // starts; a request nobody answered by then is granted, as the trainee said they cannot come.
    private static async Task<DeferralRuling> DeferralDecisionAsync(TaskOrchestrationContext context, TraineeRun run, string? reason, DateTime deadline)
    {
        using var stopWaiting = new CancellationTokenSource();
        using var stopTimer = new CancellationTokenSource();
        using var withdrawReview = new CancellationTokenSource();
        var decision = context.WaitForExternalEvent<DeferralDecision>(DeferralEvent, stopWaiting.Token);
        var timer = context.CreatePublishedTimer(deadline, $"跟岗开始，延期申请未决则准予（{run.TraineeName}）", $"The week starts; an undecided deferral is granted ({run.TraineeName})", stopTimer.Token);
        var racing = new List<Task> { decision, timer };
        Task<StaffTaskOutcome>? review = null;
        if (run.OwnerId is { } owner)
        {
            var request = Request(run, ShadowTrainingTasks.DeferralReview, owner, "deferral", deadline);
            review = context.AssignStaffTaskAsync(request with
            {
                RemindBefore = [TimeSpan.FromDays(1)],
                Context = [.. request.Context, new("延期理由 Reason", string.IsNullOrWhiteSpace(reason) ? "（未填写）" : reason)],
            }, withdrawReview.Token);
            racing.Add(review);
        }

        while (true)
        {
            var first = await Task.WhenAny(racing);
            if (first == decision)
            {
                // Decided through the API: the owner's task (and its timers) is no longer needed.
                CancelNow(stopTimer);
                CancelNow(withdrawReview);
                var posted = await decision;
                return new DeferralRuling(reason, posted.Approve == true, DeferralRuling.ByMasterKey, context.CurrentUtcDateTime, posted.Note);
            }

            if (first == review)
            {
                // A task that expired unanswered leaves the decision to the API and the week's start.
                racing.Remove(review);
                if (review.Result is { Result: StaffTaskResult.Submitted, Receipt: { } receipt })
                {
                    CancelNow(stopTimer);
                    CancelNow(stopWaiting);
                    return new DeferralRuling(reason, receipt.Values.GetValueOrDefault("decision") == "approve", receipt.SubmittedBy, receipt.SubmittedAt, receipt.Values.GetValueOrDefault("note"));
                }

                continue;
            }

            CancelNow(stopWaiting);
            CancelNow(withdrawReview);
            return new DeferralRuling(reason, true, DeferralRuling.ByNobody, context.CurrentUtcDateTime, "No decision before the week started: granted.");
        }
    }

    // Waits for the next milestone, refreshing the custom status whenever one of the week's tasks ends meanwhile.
    private static async Task WaitUntilAsync(TaskOrchestrationContext context, DateTime at, WeekTasks week, string stage, (string Zh, string En) purpose)
    {
        if (at <= context.CurrentUtcDateTime)
        {
            return;
        }

        // Bounded by the week's tasks: every round but the last sees at least one more of them ended.
        var timer = context.CreatePublishedTimer(at, purpose.Zh, purpose.En, CancellationToken.None);
        var open = week.Open();
        while (open.Count > 0)
        {
            if (await Task.WhenAny([timer, .. open]) == timer)
            {
                return;
            }

            context.SetStatus(week.Progress(stage));
            open = week.Open();
        }

        await timer;
    }

    private static async Task SendAsync(TaskOrchestrationContext context, IReadOnlyList<ShadowNotice> notices)
    {
        var ids = await context.CallActivityAsync<IReadOnlyList<string>>(ShadowTrainingActivities.WriteNotices, notices, Retried);

        // One batch activity; a notice SendGrid keeps refusing stays in the outbox as failed and the week goes on.
        // No version branch for one SendMail per mail (before 3384b90, 2026-12-05): no instance had a version until host.json's
        // 2.0, before or after it, so an old one fails here on replay, named (UnversionedChangeReplayTests).
        await context.SendMailsAsync(ids);
    }

    private static StaffTaskRequest Request(TraineeRun run, TaskKind kind, string assigneeId, string part, DateTime due, DaySchedule? day = null)
    {
        var facts = new List<KeyValuePair<string, string>>
        {
            new("批次 Batch", run.BatchId),
            new("学员 Trainee", $"{run.TraineeName}（{run.SchoolName}）"),
            new("培训基地 Base", run.BaseName),
            new("指导老师 Mentor", run.MentorName),
            new("培训时间 Week", ShadowTrainingMails.Week(run)),
        };
        if (day is not null)
        {
            facts.Add(new("日期 Day", Stamp(day)));
            facts.Add(new("主题 Theme", $"{day.ThemeZh} {day.ThemeEn}"));
        }

        string subject = day is null
            ? $"影子培训 {run.BatchId} · {run.TraineeName} · {run.BaseName}"
            : $"影子培训 {run.BatchId} · {run.TraineeName} · {Stamp(day)} {day.ThemeZh}";
        return new StaffTaskRequest(kind.Name, assigneeId, subject, due)
        {
            TaskId = $"{kind.Name}-{run.BatchId}-{run.TraineeId}-{part}",
            OwnerId = run.OwnerId,
            Context = facts,
        };
    }

    private static string Stamp(DaySchedule day) => day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // Synchronously: CancelAsync would run the callbacks on the thread pool, outside the replayed step.
#pragma warning disable CA1849
    private static void CancelNow(CancellationTokenSource source) => source.Cancel();
#pragma warning restore CA1849

    /// <summary>The tasks of one trainee's week and what they say so far.</summary>
    private sealed class WeekTasks(TraineeRun run)
    {
        public List<Task<StaffTaskOutcome>> Attendance { get; } = [];

        public List<Task<StaffTaskOutcome>> Journals { get; } = [];

        public Task<StaffTaskOutcome>? Evaluation { get; set; }

        public Task<StaffTaskOutcome>? Summary { get; set; }

        public IEnumerable<Task<StaffTaskOutcome>> All =>
            Attendance.Concat(Journals).Concat(new[] { Evaluation, Summary }.OfType<Task<StaffTaskOutcome>>());

        public List<Task> Open() => [.. All.Where(t => !t.IsCompleted)];

        public TraineeWeek Result()
        {
            IReadOnlyDictionary<string, decimal>? scores = Answer(Evaluation) is { } evaluation
                ? ShadowTrainingTasks.EvaluationAreas.ToDictionary(a => a.Name, a => decimal.Parse(evaluation.Values[a.Name], CultureInfo.InvariantCulture), StringComparer.Ordinal)
                : null;
            return new TraineeWeek(run.Schedule.Days.Count, AttendedDays, Journals.Count(t => Answer(t) is not null), scores, Answer(Summary) is not null);
        }

        // Each line in English (as stored and tested since the first version) and in Chinese for the office.
        public TraineeProgress Progress(string stage, (string En, string Zh)? waiting = null)
        {
            var missing = new List<string>();
            var open = new List<string>();
            var missingZh = new List<string>();
            var openZh = new List<string>();
            for (int d = 0; d < Attendance.Count; d++)
            {
                string date = Stamp(run.Schedule.Days[d]);
                if (!Attendance[d].IsCompleted)
                {
                    open.Add($"attendance {date} ({run.MentorName})");
                    openZh.Add($"{date} 考勤登记（{run.MentorName}）");
                }
                else if (Answer(Attendance[d]) is not { } a)
                {
                    missing.Add($"attendance {date} not recorded");
                    missingZh.Add($"{date} 考勤未登记");
                }
                else if (a.Values.GetValueOrDefault("attendance") != "present")
                {
                    missing.Add($"absent {date}");
                    missingZh.Add($"{date} 缺勤");
                }
            }

            for (int d = 0; d < Journals.Count; d++)
            {
                string date = Stamp(run.Schedule.Days[d]);
                if (!Journals[d].IsCompleted)
                {
                    open.Add($"journal {date} ({run.TraineeName})");
                    openZh.Add($"{date} 跟岗日志（{run.TraineeName}）");
                }
                else if (Answer(Journals[d]) is null)
                {
                    missing.Add($"journal {date}");
                    missingZh.Add($"{date} 跟岗日志未交");
                }
            }

            foreach (var (task, what, whatZh, who) in new[] { (Evaluation, "evaluation", "导师评价", run.MentorName), (Summary, "summary", "跟岗总结", run.TraineeName) })
            {
                if (task is null)
                {
                    continue;
                }

                if (!task.IsCompleted)
                {
                    open.Add($"{what} ({who})");
                    openZh.Add($"{whatZh}（{who}）");
                }
                else if (Answer(task) is null)
                {
                    missing.Add(what);
                    missingZh.Add($"{whatZh}未交");
                }
            }

            if (waiting is { } also)
            {
                open.Add(also.En);
                openZh.Add(also.Zh);
            }

            return new TraineeProgress(run.TraineeId, run.TraineeName, run.BaseName, run.MentorName, stage, AttendedDays, Journals.Count(t => Answer(t) is not null), missing, open, missingZh, openZh);
        }

        private int AttendedDays => Attendance.Count(t => Answer(t)?.Values.GetValueOrDefault("attendance") == "present");

        private static TaskReceipt? Answer(Task<StaffTaskOutcome>? task) =>
            task is { IsCompletedSuccessfully: true, Result: { Result: StaffTaskResult.Submitted, Receipt: { } receipt } } ? receipt : null;
    }
}
