using Microsoft.DurableTask;
using EduFlows.Durable;
using EduFlows.Notifications;

namespace EduFlows.Tasks;

/// <summary>
/// How an orchestration gives a staff member a task: store it, e-mail the link, wait for the answer with reminders
/// before the due time, and on expiry either escalate to the named supervisor or return "expired".
/// </summary>
public static partial class StaffTaskOrchestration
{
    /// <summary>Retries while SendGrid answers 429/5xx or cannot be reached: 30 s, 1, 2, 4... up to 30 min apart, for about half a day.</summary>
    public static readonly RetryPolicy MailRetry = new(20, TimeSpan.FromSeconds(30), 2.0, TimeSpan.FromMinutes(30))
    {
        HandleFailure = failure => failure.IsCausedBy<MailNotSentYetException>(),
    };

    /// <summary>Gives the task and waits until it is answered or has expired (after escalation, if asked for).</summary>
    /// <param name="context">The orchestration giving the task.</param>
    /// <param name="request">What is asked of whom, and by when.</param>
    /// <param name="withdrawn">
    /// Cancel it when the process no longer needs the answer (decided another way): the task is closed, its reminder
    /// and due-time timers are cancelled and the outcome is <see cref="StaffTaskResult.Withdrawn"/>.
    /// </param>
    /// <remarks>
    /// An orchestration completes only once none of its durable timers is left open, as in Durable Functions; so a
    /// caller that stops waiting for a task before it ends must withdraw it, or the instance runs on until the due time.
    /// </remarks>
    public static Task<StaffTaskOutcome> AssignStaffTaskAsync(this TaskOrchestrationContext context, StaffTaskRequest request, CancellationToken withdrawn = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        string taskId = request.TaskId ?? $"{request.Kind}-{context.NewGuid():N}";
        return RunAsync(context, new OpenTaskInput(taskId, context.InstanceId, request), withdrawn);
    }

    private static async Task<StaffTaskOutcome> RunAsync(TaskOrchestrationContext context, OpenTaskInput input, CancellationToken withdrawn)
    {
        var request = input.Request;
        var opened = await context.CallActivityAsync<OpenedTask>(StaffTaskActivities.Open, input);
        await DeliverAsync(context, opened.TaskId, opened.MailId, opened.Undeliverable, reportFailure: true);

        using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(withdrawn);
        var answer = context.WaitForExternalEvent<TaskReceipt>(TaskDesk.EventName(opened.TaskId), stopWaiting.Token);
        int reminders = 0;
        foreach (var remindAt in RemindersAhead(request, opened.DueAt, context.CurrentUtcDateTime))
        {
            if (await AnsweredBeforeAsync(context, answer, remindAt, TaskTimerPurpose.Reminder(opened.Subject ?? request.Subject, opened.AssigneeName), withdrawn))
            {
                return new StaffTaskOutcome(StaffTaskResult.Submitted, opened.TaskId, await answer);
            }

            if (withdrawn.IsCancellationRequested)
            {
                return await WithdrawAsync(context, opened.TaskId);
            }

            reminders++;
            string? reminder = await context.CallActivityAsync<string?>(StaffTaskActivities.WriteReminder, new StaffTaskActivities.ReminderInput(opened.TaskId, reminders));
            await DeliverAsync(context, opened.TaskId, reminder, null, reportFailure: false);
        }

        if (await AnsweredBeforeAsync(context, answer, opened.DueAt.UtcDateTime, TaskTimerPurpose.Due(opened.Subject ?? request.Subject, opened.AssigneeName), withdrawn))
        {
            return new StaffTaskOutcome(StaffTaskResult.Submitted, opened.TaskId, await answer);
        }

        if (withdrawn.IsCancellationRequested)
        {
            return await WithdrawAsync(context, opened.TaskId);
        }

        var closed = await context.CallActivityAsync<StaffTask>(StaffTaskActivities.Expire, opened.TaskId);
        if (closed.Receipt is { } lastMinute)
        {
            // Answered just before the due time (or the event was lost): the stored answer counts.
            return new StaffTaskOutcome(StaffTaskResult.Submitted, opened.TaskId, lastMinute);
        }

        CancelNow(stopWaiting);
        if (request.EscalateTo is { } supervisor && input.EscalatedFrom is null)
        {
            var escalation = request with
            {
                AssigneeId = supervisor,
                EscalateTo = null,
                DueAt = context.CurrentUtcDateTime + request.EscalationPeriod,
            };
            var escalated = await RunAsync(context, new OpenTaskInput(opened.TaskId + "-esc", context.InstanceId, escalation, opened.TaskId, closed.AssigneeName), withdrawn);
            return escalated with { TaskId = opened.TaskId, EscalatedTaskId = escalated.TaskId };
        }

        return new StaffTaskOutcome(StaffTaskResult.Expired, opened.TaskId, null);
    }

    // True when answered first; false when the deadline passed or the task was withdrawn (which also ends the wait).
    private static async Task<bool> AnsweredBeforeAsync(TaskOrchestrationContext context, Task<TaskReceipt> answer, DateTime deadline, (string Zh, string En) purpose, CancellationToken withdrawn)
    {
        if (answer.IsCompletedSuccessfully)
        {
            return true;
        }

        if (withdrawn.IsCancellationRequested)
        {
            return false;
        }

        using var cancelTimer = CancellationTokenSource.CreateLinkedTokenSource(withdrawn);
        var timer = context.CreatePublishedTimer(deadline, purpose.Zh, purpose.En, cancelTimer.Token);
        if (await Task.WhenAny(answer, timer) == answer && answer.IsCompletedSuccessfully)
        {
            CancelNow(cancelTimer);
            return true;
        }

        return false;
    }

    private static async Task<StaffTaskOutcome> WithdrawAsync(TaskOrchestrationContext context, string taskId)
    {
        // The link then shows the task as closed instead of taking an answer nobody reads.
        await context.CallActivityAsync<bool>(StaffTaskActivities.Withdraw, taskId);
        return new StaffTaskOutcome(StaffTaskResult.Withdrawn, taskId, null);
    }

    // A task's reminder times still ahead once its mail is out, in time order (reminder n is the n-th): past ones are skipped. The window of tasks counts them the same way.
    internal static List<DateTime> RemindersAhead(StaffTaskRequest request, DateTimeOffset dueAt, DateTime now) =>
        [.. request.RemindBefore.Select(before => dueAt.UtcDateTime - before).Where(at => at > now).Order()];

    // Sends a task's mail; when it cannot be delivered, tells the owner (reportFailure). The window of tasks sends the same way.
    internal static async Task DeliverAsync(TaskOrchestrationContext context, string taskId, string? mailId, string? undeliverable, bool reportFailure)
    {
        string? failure = undeliverable;
        if (mailId is not null)
        {
            try
            {
                var delivery = await context.CallActivityAsync<MailDelivery>(StaffTaskActivities.SendMail, mailId, TaskOptions.FromRetryPolicy(MailRetry));
                failure = delivery.Status == MailStatus.Failed ? delivery.Error : null;
            }
            catch (TaskFailedException ex)
            {
                failure = ex.FailureDetails.ErrorMessage;
            }
        }

        if (failure is not null && reportFailure)
        {
            string? report = await WriteUndeliveredReportAsync(context, taskId, failure);
            if (report is not null)
            {
                await DeliverAsync(context, taskId, report, null, reportFailure: false);
            }
        }
    }

    // Writes the owner's "could not be delivered" mail and returns its id; null (logged) when there is nobody to tell. The window of tasks reports the same way.
    internal static async Task<string?> WriteUndeliveredReportAsync(TaskOrchestrationContext context, string taskId, string failure)
    {
        // The owner hears of it; the task stays open (the person may still be reached another way) and escalates as usual.
        string? report = await context.CallActivityAsync<string?>(StaffTaskActivities.ReportUndelivered, new StaffTaskActivities.UndeliveredInput(taskId, failure));
        if (report is null)
        {
            LogNobodyToTell(context.CreateReplaySafeLogger(typeof(StaffTaskOrchestration).FullName!), taskId, failure);
        }

        return report;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} could not be delivered and has no owner to tell: {Reason}")]
    private static partial void LogNobodyToTell(ILogger logger, string taskId, string reason);

    // Synchronously: CancelAsync would run the callbacks on the thread pool, outside the replayed step.
#pragma warning disable CA1849
    internal static void CancelNow(CancellationTokenSource source) => source.Cancel();
#pragma warning restore CA1849
}
