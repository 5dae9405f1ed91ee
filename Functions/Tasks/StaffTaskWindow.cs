using EduFlows.Durable;
using Microsoft.DurableTask;

namespace EduFlows.Tasks;

/// <summary>
/// How an orchestration gives a whole window of tasks at once (e.g. 200 people of a county-wide round): each task ends
/// as <see cref="StaffTaskOrchestration.AssignStaffTaskAsync"/> would end it (the same row, link, mails, reminders,
/// expiry and event), but the window is opened, reminded and expired by one activity each, and waits on one durable
/// timer per distinct reminder or due time instead of two per task. At county scale per-task activities and timers
/// were most of the work: a window of N tasks with one reminder took 3N activities and 2N timers besides its mails;
/// it now takes 3 and 2. Its mails go the same way: each batch of them (the assignments, each instant's reminders, the
/// owners' reports of tasks that could not be delivered) is sent by one SendMails activity, a few at a time, with the
/// same retries as a single mail (<see cref="StaffTaskOrchestration.SendMailsAsync"/>).
/// </summary>
public static class StaffTaskWindow
{
    // The window's activities write tables only and are safe to run twice: retried as storage steps, except when the
    // request itself is wrong (unknown kind or assignee, ill-formed fields), which no retry mends.
    private static readonly TaskOptions StorageStep = TaskOptions.FromRetryPolicy(new RetryPolicy(6, TimeSpan.FromSeconds(10), 2.0, TimeSpan.FromMinutes(2))
    {
        HandleFailure = failure => !failure.IsCausedBy<InvalidOperationException>() && !failure.IsCausedBy<ArgumentException>(),
    });

    /// <summary>Gives every task of the window and waits until each is answered or has expired; the outcomes in the requests' order.</summary>
    /// <param name="context">The orchestration giving the tasks.</param>
    /// <param name="requests">What is asked of whom, and by when; due and reminder times may differ (tasks sharing one share its timer).</param>
    /// <remarks>
    /// Not supported here, unlike <see cref="StaffTaskOrchestration.AssignStaffTaskAsync"/>: escalation to a supervisor
    /// (a request with <see cref="StaffTaskRequest.EscalateTo"/> is refused; give such a task on its own) and
    /// withdrawing single tasks. One task whose request is wrong (unknown kind or assignee) fails the whole window,
    /// as it failed the orchestration that gave it singly.
    /// </remarks>
    /// <exception cref="ArgumentException">A request asks for escalation, or two requests have the same task id.</exception>
    public static async Task<IReadOnlyList<StaffTaskOutcome>> AssignStaffTasksAsync(this TaskOrchestrationContext context, IReadOnlyList<StaffTaskRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.FirstOrDefault(r => r.EscalateTo is not null) is { } escalating)
        {
            throw new ArgumentException($"Task '{escalating.TaskId ?? escalating.Subject}' asks for escalation, which a window of tasks does not do; give it with {nameof(StaffTaskOrchestration.AssignStaffTaskAsync)}.", nameof(requests));
        }

        var inputs = requests.Select(r => new OpenTaskInput(r.TaskId ?? $"{r.Kind}-{context.NewGuid():N}", context.InstanceId, r)).ToList();
        if (inputs.GroupBy(i => i.TaskId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"Task id '{twice.Key}' is given twice in one window.", nameof(requests));
        }

        if (inputs.Count == 0)
        {
            return [];
        }

        var opened = await context.CallActivityAsync<OpenedTask[]>(StaffTaskWindowActivities.Open, inputs, StorageStep);

        // One stop per due time: once its tasks have expired nothing waits for their answers any more.
        var stops = opened.Select(o => o.DueAt.UtcDateTime).Distinct().ToDictionary(at => at, _ => new CancellationTokenSource());
        try
        {
            var answers = opened.Select(o => context.WaitForExternalEvent<TaskReceipt>(TaskDesk.EventName(o.TaskId), stops[o.DueAt.UtcDateTime].Token)).ToArray();
            await DeliverAsync(context, opened);
            return await WaitAsync(context, requests, opened, answers, stops);
        }
        finally
        {
            foreach (var stop in stops.Values)
            {
                stop.Dispose();
            }
        }
    }

    private static async Task<IReadOnlyList<StaffTaskOutcome>> WaitAsync(
        TaskOrchestrationContext context, IReadOnlyList<StaffTaskRequest> requests, OpenedTask[] opened, Task<TaskReceipt>[] answers, Dictionary<DateTime, CancellationTokenSource> stops)
    {
        var outcomes = new StaffTaskOutcome?[opened.Length];

        // Each task's reminders as AssignStaffTaskAsync counts them once its mail is out: past ones skipped, numbered in time order.
        DateTime now = context.CurrentUtcDateTime;
        var reminders = requests.Select((r, i) => StaffTaskOrchestration.RemindersAhead(r, opened[i].DueAt, now)).ToList();
        var instants = reminders.SelectMany(r => r).Concat(stops.Keys).Distinct().Order().ToList();
        foreach (var at in instants)
        {
            TakeAnswers(opened, answers, outcomes);
            var waiting = Enumerable.Range(0, opened.Length).Where(i => outcomes[i] is null).ToList();
            if (waiting.Count == 0)
            {
                break;
            }

            var remind = waiting.SelectMany(i => reminders[i].Select((t, n) => (Task: i, At: t, Number: n + 1))).Where(r => r.At == at).ToList();
            var due = waiting.Where(i => opened[i].DueAt.UtcDateTime == at).ToList();
            if (remind.Count == 0 && due.Count == 0)
            {
                continue;
            }

            if (!await ReachedAsync(context, at, [.. waiting.Select(i => answers[i])], Purpose(requests, opened, remind.Select(r => r.Task).Distinct().ToList(), due)))
            {
                break;
            }

            TakeAnswers(opened, answers, outcomes);
            remind = [.. remind.Where(r => outcomes[r.Task] is null)];
            if (remind.Count > 0)
            {
                var mails = await context.CallActivityAsync<string?[]>(
                    StaffTaskWindowActivities.WriteReminders, remind.Select(r => new StaffTaskActivities.ReminderInput(opened[r.Task].TaskId, r.Number)).ToList(), StorageStep);
                await context.SendMailsAsync([.. mails.OfType<string>()]);
            }

            TakeAnswers(opened, answers, outcomes);
            due = [.. due.Where(i => outcomes[i] is null)];
            if (due.Count > 0)
            {
                var stood = await context.CallActivityAsync<TaskReceipt?[]>(StaffTaskWindowActivities.Expire, due.Select(i => opened[i].TaskId).ToList(), StorageStep);
                for (int n = 0; n < due.Count; n++)
                {
                    // Answered just before the due time (or the event was lost): the stored answer counts.
                    outcomes[due[n]] = stood[n] is { } lastMinute
                        ? new StaffTaskOutcome(StaffTaskResult.Submitted, opened[due[n]].TaskId, lastMinute)
                        : new StaffTaskOutcome(StaffTaskResult.Expired, opened[due[n]].TaskId, null);
                }

                StaffTaskOrchestration.CancelNow(stops[at]);
            }
        }

        TakeAnswers(opened, answers, outcomes);
        return [.. outcomes.Select((o, i) => o ?? throw new InvalidOperationException($"Task '{opened[i].TaskId}' neither answered nor expired."))];
    }

    // Sends the window's task mails as one batch; each task whose mail could not be delivered (or that has no address) is
    // reported to its owner, as StaffTaskOrchestration.DeliverAsync does for a single task, the reports again as one batch.
    private static async Task DeliverAsync(TaskOrchestrationContext context, OpenedTask[] opened)
    {
        var delivered = await context.SendMailsAsync([.. opened.Select(o => o.MailId).OfType<string>()]);
        var notSent = delivered.NotSent.GroupBy(d => d.MessageId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Error ?? g.First().Status.ToString(), StringComparer.Ordinal);
        var failures = opened
            .Select(o => (o.TaskId, Failure: o.Undeliverable ?? (o.MailId is { } mail && notSent.TryGetValue(mail, out var error) ? error : null)))
            .Where(f => f.Failure is not null)
            .ToList();
        if (failures.Count == 0)
        {
            return;
        }

        var reports = await Task.WhenAll(failures.Select(f => StaffTaskOrchestration.WriteUndeliveredReportAsync(context, f.TaskId, f.Failure!)));
        await context.SendMailsAsync([.. reports.OfType<string>()]);
    }

    // Records every answer received so far.
    private static void TakeAnswers(OpenedTask[] opened, Task<TaskReceipt>[] answers, StaffTaskOutcome?[] outcomes)
    {
        for (int i = 0; i < opened.Length; i++)
        {
            if (outcomes[i] is null && answers[i].IsCompletedSuccessfully)
            {
                outcomes[i] = new StaffTaskOutcome(StaffTaskResult.Submitted, opened[i].TaskId, answers[i].Result);
            }
        }
    }

    // What one instant of the window is for, as the instance publishes it: its tasks due then and those reminded then.
    private static (string Zh, string En) Purpose(IReadOnlyList<StaffTaskRequest> requests, OpenedTask[] opened, List<int> remind, List<int> due) =>
        TaskTimerPurpose.Of([.. due.Select(i => TaskTimerPurpose.Named(opened[i].Subject ?? requests[i].Subject, opened[i].AssigneeName))], [.. remind.Select(i => TaskTimerPurpose.Named(opened[i].Subject ?? requests[i].Subject, opened[i].AssigneeName))]);

    // True when the time came; false when every task still waiting was answered first (the timer is then cancelled).
    private static async Task<bool> ReachedAsync(TaskOrchestrationContext context, DateTime at, Task<TaskReceipt>[] waiting, (string Zh, string En) purpose)
    {
        using var cancelTimer = new CancellationTokenSource();
        var timer = context.CreatePublishedTimer(at, purpose.Zh, purpose.En, cancelTimer.Token);
        var allAnswered = Task.WhenAll(waiting);
        if (await Task.WhenAny(timer, allAnswered) == allAnswered && allAnswered.IsCompletedSuccessfully)
        {
            StaffTaskOrchestration.CancelNow(cancelTimer);
            return false;
        }

        return true;
    }
}
