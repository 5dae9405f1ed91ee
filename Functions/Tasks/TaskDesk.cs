using EduFlows.Hosting;
using System.Globalization;
using Microsoft.DurableTask.Client;
using System.Security.Cryptography;
using Microsoft.DurableTask;
using EduFlows.Notifications;
using EduFlows.StaffDirectory;
using EduFlows.Storage;

namespace EduFlows.Tasks;

/// <summary>
/// Everything done to tasks, for the activities that open, remind and expire them and the endpoints that take answers:
/// each change is one ETag-guarded write, so a retried activity or a doubled request changes nothing twice. What needs
/// the orchestrations (is the process still running, hand it the answer) takes a <see cref="DurableTaskClient"/>
/// argument: the [DurableClient] of the function doing the work, or of the one that asked for it. In Azure the client
/// is a binding, not a service, so the desk never looks one up.
/// </summary>
public sealed class TaskDesk(
    StaffTaskStore tasks,
    TaskKindCatalog kinds,
    DirectoryStore directory,
    StaffNotices notices,
    MailOutbox outbox,
    TaskLinks links,
    BureauClock clock,
    MailSettings mail,
    TimeProvider time,
    IEnumerable<IStaffTaskWording> wordings)
{
    /// <summary>The event an answer to <paramref name="taskId"/> is raised as.</summary>
    public static string EventName(string taskId) => "TaskSubmitted:" + taskId;

    /// <summary>The registered task kinds.</summary>
    public TaskKindCatalog Kinds => kinds;

    /// <summary>Builds task links.</summary>
    public TaskLinks Links => links;

    /// <summary>Formats times for the bureau.</summary>
    public BureauClock Clock => clock;

    /// <summary>Stores the task and writes its mail to the outbox (not yet sent).</summary>
    /// <exception cref="InvalidOperationException">When the kind or the assignee is unknown.</exception>
    public async Task<OpenedTask> OpenAsync(OpenTaskInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var request = input.Request;
        var kind = kinds.Get(request.Kind);
        if (wordings.FirstOrDefault(w => w.Kinds.Contains(request.Kind, StringComparer.Ordinal)) is { } wording)
        {
            request = await wording.WordAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (request.Fields is { } own)
        {
            kind = kind with { Fields = own };
            TaskKindCatalog.Check(kind);
        }

        var assignee = await directory.Staff.GetAsync(request.AssigneeId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Staff member '{request.AssigneeId}' is not in the directory; task '{input.TaskId}' cannot be given.");
        var task = await tasks.CreateAsync(
            new StaffTask
            {
                Id = input.TaskId,
                Kind = kind.Name,
                AssigneeId = assignee.Id,
                AssigneeName = assignee.Name,
                InstanceId = input.InstanceId,
                EventName = EventName(input.TaskId),
                Subject = request.Subject,
                Context = request.Context,
                Fields = request.Fields,
                FollowUp = request.FollowUp,
                Upload = request.Upload,
                Culture = Languages.Normalize(request.Culture, mail.DefaultCulture),
                CreatedAt = time.GetUtcNow(),
                DueAt = request.DueAt.Kind == DateTimeKind.Local ? new DateTimeOffset(request.DueAt.ToUniversalTime()) : new DateTimeOffset(DateTime.SpecifyKind(request.DueAt, DateTimeKind.Utc)),
                EscalatedFrom = input.EscalatedFrom,
                OwnerId = request.OwnerId,
                EscalatesTo = request.EscalateTo,
            },
            cancellationToken).ConfigureAwait(false);
        if (task.InstanceId != input.InstanceId)
        {
            throw new InvalidOperationException($"Task id '{input.TaskId}' is already used by instance '{task.InstanceId}'; a fixed task id must be unique.");
        }

        // Only a subject worded anew goes back into the history: a window of 200 tasks need not carry each one's again.
        string? worded = task.Subject == input.Request.Subject ? null : task.Subject;
        if (string.IsNullOrWhiteSpace(assignee.Email))
        {
            return new OpenedTask(task.Id, task.DueAt, null, $"{assignee.Name} ({assignee.Id}) has no e-mail address in the directory.", task.AssigneeName, worded);
        }

        var content = TaskMails.ForAssignee(task, kind, links.For(task), clock, input.LateAssigneeName);
        string template = input.EscalatedFrom is null ? TaskMails.Assigned : TaskMails.Escalated;
        var message = await WriteMailAsync(task.Id + "." + template, template, assignee, content, task.Id, cancellationToken).ConfigureAwait(false);
        return new OpenedTask(task.Id, task.DueAt, message.Id, null, task.AssigneeName, worded);
    }

    /// <summary>
    /// The start of the outbox ids of the reminder digests that may cover <paramref name="task"/>: those of its person's
    /// open tasks of its kind in its process due at its time (one a bureau day, the day ending the id). Which tasks a
    /// digest covered is its <see cref="OutboxMessage.TaskIds"/>.
    /// </summary>
    public static string DigestIdPrefix(StaffTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return string.Create(CultureInfo.InvariantCulture, $"{TaskMails.Reminder}-digest.{task.InstanceId}.{task.AssigneeId}.{task.Kind}.{task.DueAt.UtcTicks}.");
    }

    /// <summary>Writes reminder number <paramref name="number"/> to the outbox; null when the task is no longer open or has nowhere to go.</summary>
    public async Task<string?> WriteReminderAsync(string taskId, int number, CancellationToken cancellationToken)
    {
        var task = (await tasks.GetAsync(taskId, cancellationToken).ConfigureAwait(false))?.Record;
        if (task is not { Status: StaffTaskStatus.Open } || await directory.Staff.GetAsync(task.AssigneeId, cancellationToken).ConfigureAwait(false) is not { Email: { Length: > 0 } } assignee)
        {
            return null;
        }

        // A task opened under a kind since renamed or retired has no form its link could show: a reminder would send
        // the person to a page that can only say so. The office sees such tasks on its task page.
        if (kinds.Find(task) is not { } kind)
        {
            return null;
        }

        // A reminder that comes when the due time has passed (the clock moved on, the host was down) would name a time
        // already gone: there is nothing left to remind of.
        var now = time.GetUtcNow();
        if (task.DueAt <= now)
        {
            return null;
        }

        // The same person's open tasks of the same kind in the same process, due at the same time, share one digest
        // mail a day (a reviewer scoring six researchers gets one mail a reminder day, not six). Each task's reminder
        // writes the digest under the same outbox id, the first writes it, the others find it; the id names the bureau
        // day, not the reminder's number, since tasks opened at different times number the same day's reminder apart.
        var together = (await tasks.ForAssigneeAsync(task.AssigneeId, cancellationToken).ConfigureAwait(false))
            .Where(t => t.Status == StaffTaskStatus.Open && t.InstanceId == task.InstanceId && t.Kind == task.Kind && t.DueAt == task.DueAt)
            .OrderBy(t => t.Subject, StringComparer.Ordinal)
            .ThenBy(t => t.Id, StringComparer.Ordinal)
            .ToList();
        string today = string.Create(CultureInfo.InvariantCulture, $"{DigestIdPrefix(task)}{clock.DateOf(now):yyyyMMdd}");
        while (true)
        {
            // A task opened after the day's digest went out is not in it: it gets a digest of its own that day, with
            // any others the sent ones missed (ids ".2", ".3", …); a task a digest of the day covered gets no second.
            var sent = together.Count > 1 ? await outbox.WithIdPrefixAsync(today, cancellationToken).ConfigureAwait(false) : [];
            if (sent.FirstOrDefault(m => Covers(m, task.Id)) is { } covered)
            {
                return covered.Id;
            }

            var missed = together.Where(t => !sent.Any(m => Covers(m, t.Id))).ToList();
            if (sent.Count == 0 && missed.Count == 1)
            {
                var content = TaskMails.Reminding(task, kind, links.For(task), clock);
                return (await WriteMailAsync($"{task.Id}.{TaskMails.Reminder}-{number}", TaskMails.Reminder, assignee, content, task.Id, cancellationToken).ConfigureAwait(false)).Id;
            }

            var digest = missed.Count > 1
                ? TaskMails.RemindingAll(missed, kind, [.. missed.Select(links.For)], links.To("me"), clock)
                : TaskMails.Reminding(task, kind, links.For(task), clock);
            string id = sent.Count == 0 ? today : string.Create(CultureInfo.InvariantCulture, $"{today}.{sent.Count + 1}");

            // Each task it reminds of is recorded with it, so the office's task page counts it as that task's reminder.
            var written = await notices.WriteToAsync(id, TaskMails.Reminder, assignee, digest, task.Id, [.. missed.Select(t => t.Id)], cancellationToken).ConfigureAwait(false);
            if (Covers(written, task.Id))
            {
                return written.Id;
            }

            // Another task's reminder took that id first without this task (it did not see it yet): read the day again.
        }
    }

    private static bool Covers(OutboxMessage message, string taskId) => message.TaskIds?.Contains(taskId, StringComparer.Ordinal) == true;

    /// <summary>Writes the "could not be delivered" mail to the task's owner; null when there is no owner with an address to tell.</summary>
    public async Task<string?> WriteUndeliveredReportAsync(string taskId, string reason, CancellationToken cancellationToken)
    {
        var task = (await tasks.GetAsync(taskId, cancellationToken).ConfigureAwait(false))?.Record
            ?? throw new InvalidOperationException($"Task '{taskId}' does not exist.");
        if (task.OwnerId is null || await directory.Staff.GetAsync(task.OwnerId, cancellationToken).ConfigureAwait(false) is not { Email: { Length: > 0 } } owner)
        {
            return null;
        }

        // Told even when the task's kind is no longer registered: the owner still has to reach the person. In the
        // owner's language, the bureau's (the directory keeps none per person), not the language the task was given in.
        var content = TaskMails.Undeliverable(task, kinds.Shown(task), owner.Name, mail.DefaultCulture, reason, clock);
        return (await WriteMailAsync($"{task.Id}.{TaskMails.Undelivered}", TaskMails.Undelivered, owner, content, task.Id, cancellationToken).ConfigureAwait(false)).Id;
    }

    /// <summary>Closes an open task at its due time; returns the task as it stands (it may have been answered just before).</summary>
    public async Task<StaffTask> ExpireAsync(string taskId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await tasks.GetAsync(taskId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Task '{taskId}' does not exist.");
            if (read.Record.Status != StaffTaskStatus.Open)
            {
                return read.Record;
            }

            var expired = read.Record with { Status = StaffTaskStatus.Expired, ClosedAt = time.GetUtcNow() };
            if (await tasks.TryReplaceAsync(expired, read.ETag, cancellationToken).ConfigureAwait(false) is not null)
            {
                return expired;
            }
        }
    }

    /// <summary>Closes an open task its process no longer needs (decided another way); false when it was no longer open.</summary>
    public Task<bool> WithdrawAsync(string taskId, CancellationToken cancellationToken) =>
        CancelAsync(taskId, "Withdrawn: the process decided without this answer.", cancellationToken);

    /// <summary>Cancels every open task whose orchestration has ended or is gone (the janitor timer's work); returns how many.</summary>
    public async Task<int> CancelTasksOfEndedProcessesAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        int cancelled = 0;
        foreach (var task in await tasks.AllOpenAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await EndedReasonAsync(client, task, cancellationToken).ConfigureAwait(false) is { } reason
                && await CancelAsync(task.Id, reason, cancellationToken).ConfigureAwait(false))
            {
                cancelled++;
            }
        }

        return cancelled;
    }

    /// <summary>
    /// Reads a task for showing or answering. An open task whose orchestration has ended (completed, failed or
    /// terminated) is cancelled here, so nobody fills a form that nothing waits for.
    /// </summary>
    public async Task<StaffTask?> GetCurrentAsync(DurableTaskClient client, string taskId, CancellationToken cancellationToken) =>
        (await ReadCurrentAsync(client, taskId, cancellationToken).ConfigureAwait(false))?.Record;

    /// <summary>
    /// Takes an answer from <paramref name="submitterId"/>: validates it, stores it (once: the task must still be open),
    /// and raises it to the waiting orchestration. The same answer again returns the original receipt and re-raises the
    /// event (in case the first raise was lost), which the orchestration ignores if it has it.
    /// </summary>
    /// <remarks>
    /// Whether the process still waits is asked once, by the raise itself (it refuses an instance that has ended or is
    /// gone), not also by a read before storing: the answer is stored first, so that only the one request whose write
    /// won raises it, and if the raise finds the process ended the task is closed as a read would have closed it, and
    /// the answer refused (410). A crash between the two leaves the answer stored for a process that had ended, the
    /// same as when the process ends between a read and the raise; nothing waits for it either way.
    /// </remarks>
    /// <param name="client">The durable client the answer is raised through.</param>
    /// <param name="taskId">The task.</param>
    /// <param name="submitterId">Who answers.</param>
    /// <param name="raw">The answer, field by field, as posted.</param>
    /// <param name="check">
    /// Asked about a task still open and not past due, after the answer was checked and before anything is stored, with
    /// whether the answer was right: more errors to refuse it with (a file that is missing or wrong), or none. A check
    /// told the answer is right may keep what comes with it (the file) before the answer is stored. It sees the task as
    /// the desk read it, so it costs no read of its own.
    /// </param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<SubmitOutcome> SubmitAsync(
        DurableTaskClient client, string taskId, string submitterId, IReadOnlyDictionary<string, string?> raw, CancellationToken cancellationToken,
        Func<StaffTask, bool, CancellationToken, Task<IReadOnlyList<FieldError>>>? check = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(raw);
        while (true)
        {
            var read = await tasks.GetAsync(taskId, cancellationToken).ConfigureAwait(false);
            if (read is null)
            {
                return new SubmitOutcome(SubmitResult.NotFound, null, null, []);
            }

            var task = read.Record;

            if (!string.Equals(task.AssigneeId, submitterId, StringComparison.Ordinal))
            {
                return new SubmitOutcome(SubmitResult.NotAssignee, null, null, []);
            }

            if (kinds.Find(task) is not { } kind)
            {
                // Opened under a kind since renamed or retired: nothing to check the answer against, so nothing is stored.
                bool closed = task.Status is StaffTaskStatus.Expired or StaffTaskStatus.Cancelled || (task.Status == StaffTaskStatus.Open && time.GetUtcNow() >= task.DueAt);
                var result = closed ? SubmitResult.Closed : SubmitResult.UnregisteredKind;
                return new SubmitOutcome(result, task, null, []);
            }

            var (values, errors) = TaskForm.Validate(kind, raw);
            switch (task.Status)
            {
                case StaffTaskStatus.Submitted when values is not null && SameAnswer(values, task.Values):
                    _ = await RaiseAsync(client, task, task.Receipt!, cancellationToken).ConfigureAwait(false); // on record either way
                    return new SubmitOutcome(SubmitResult.AlreadyAccepted, task, task.Receipt, []);
                case StaffTaskStatus.Submitted:
                    return new SubmitOutcome(SubmitResult.AlreadySubmitted, task, task.Receipt, []);
                case StaffTaskStatus.Expired or StaffTaskStatus.Cancelled:
                    return new SubmitOutcome(SubmitResult.Closed, task, null, []);
            }

            DateTimeOffset now = time.GetUtcNow();
            if (now >= task.DueAt || values is null)
            {
                // Refused without a raise to ask: a task whose process has ended is closed first, as a read closes it.
                if (await EndedReasonAsync(client, task, cancellationToken).ConfigureAwait(false) is { } reason)
                {
                    await CancelAsync(taskId, reason, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (values is null)
                {
                    IReadOnlyList<FieldError> more = check is not null && now < task.DueAt ? await check(task, false, cancellationToken).ConfigureAwait(false) : [];
                    return new SubmitOutcome(SubmitResult.Invalid, task, null, [.. errors, .. more]);
                }

                return new SubmitOutcome(SubmitResult.Closed, task, null, []);
            }

            if (check is not null && await check(task, true, cancellationToken).ConfigureAwait(false) is { Count: > 0 } refusedWith)
            {
                return new SubmitOutcome(SubmitResult.Invalid, task, null, refusedWith);
            }

            var submitted = task with
            {
                Status = StaffTaskStatus.Submitted,
                Values = values,
                SubmittedBy = submitterId,
                SubmittedAt = now,
                ReceiptId = NewReceiptId(clock.DateOf(now)),
            };
            if (await tasks.TryReplaceAsync(submitted, read.ETag, cancellationToken).ConfigureAwait(false) is not { } stored)
            {
                // Someone answered, expired or cancelled it meanwhile: decide again on what is stored now.
                continue;
            }

            if (await RaiseAsync(client, submitted, submitted.Receipt!, cancellationToken).ConfigureAwait(false)
                || await EndedReasonAsync(client, task, cancellationToken).ConfigureAwait(false) is not { } ended)
            {
                return new SubmitOutcome(SubmitResult.Accepted, submitted, submitted.Receipt, []);
            }

            // The process had ended: nothing took the answer. Close the task as a read would have, and refuse it.
            var cancelled = task with { Status = StaffTaskStatus.Cancelled, ClosedAt = time.GetUtcNow(), CancelReason = ended };
            if (await tasks.TryReplaceAsync(cancelled, stored, cancellationToken).ConfigureAwait(false) is null)
            {
                continue;
            }

            return new SubmitOutcome(SubmitResult.Closed, cancelled, null, []);
        }
    }

    /// <summary>A staff member's tasks, open first.</summary>
    public Task<List<StaffTask>> ForAssigneeAsync(string assigneeId, CancellationToken cancellationToken) => tasks.ForAssigneeAsync(assigneeId, cancellationToken);

    private static bool SameAnswer(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string>? b) =>
        b is not null && a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    // "R" + date + random: readable over the phone, unguessable.
    // Dated by the bureau's calendar, as the receipt's time is shown: before 08:00 in Beijing the UTC date is the day before.
    private static string NewReceiptId(DateOnly bureauDate) =>
        $"R{bureauDate:yyyyMMdd}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(4))}";

    // False when the instance has finished or was purged (the client refuses to raise to it).
    private static async Task<bool> RaiseAsync(DurableTaskClient client, StaffTask task, TaskReceipt receipt, CancellationToken cancellationToken)
    {
        try
        {
            await client.RaiseEventAsync(task.InstanceId, task.EventName, receipt, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private async Task<Versioned<StaffTask>?> ReadCurrentAsync(DurableTaskClient client, string taskId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var read = await tasks.GetAsync(taskId, cancellationToken).ConfigureAwait(false);
        if (read is { Record.Status: StaffTaskStatus.Open } && await EndedReasonAsync(client, read.Record, cancellationToken).ConfigureAwait(false) is { } reason)
        {
            await CancelAsync(taskId, reason, cancellationToken).ConfigureAwait(false);
            read = await tasks.GetAsync(taskId, cancellationToken).ConfigureAwait(false);
        }

        return read;
    }

    // Why nothing waits for the task any more (its process ended or was purged); null while it runs.
    private static async Task<string?> EndedReasonAsync(DurableTaskClient client, StaffTask task, CancellationToken cancellationToken) =>
        await client.GetInstanceAsync(task.InstanceId, cancellation: cancellationToken).ConfigureAwait(false) switch
        {
            null => "The process no longer exists.",
            { IsCompleted: true } instance => $"The process ended ({instance.RuntimeStatus}).",
            _ => null,
        };

    private async Task<bool> CancelAsync(string taskId, string reason, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await tasks.GetAsync(taskId, cancellationToken).ConfigureAwait(false);
            if (read is null || read.Record.Status != StaffTaskStatus.Open)
            {
                return false;
            }

            var cancelled = read.Record with { Status = StaffTaskStatus.Cancelled, ClosedAt = time.GetUtcNow(), CancelReason = reason };
            if (await tasks.TryReplaceAsync(cancelled, read.ETag, cancellationToken).ConfigureAwait(false) is not null)
            {
                return true;
            }
        }
    }

    private Task<OutboxMessage> WriteMailAsync(string id, string template, StaffMember to, MailContent content, string taskId, CancellationToken cancellationToken) =>
        notices.WriteToAsync(id, template, to, content, taskId, cancellationToken);
}

/// <summary>The input of the activity that opens a task.</summary>
/// <param name="TaskId">The task's id.</param>
/// <param name="InstanceId">The orchestration that waits.</param>
/// <param name="Request">What was asked.</param>
/// <param name="EscalatedFrom">The late task this one takes over.</param>
/// <param name="LateAssigneeName">Who was late, for the supervisor's mail.</param>
public sealed record OpenTaskInput(string TaskId, string InstanceId, StaffTaskRequest Request, string? EscalatedFrom = null, string? LateAssigneeName = null);

/// <summary>A task stored and its mail written.</summary>
/// <param name="TaskId">The task's id.</param>
/// <param name="DueAt">When it is due.</param>
/// <param name="MailId">The outbox message to send, null when it cannot be e-mailed.</param>
/// <param name="Undeliverable">Why it cannot be e-mailed.</param>
/// <param name="AssigneeName">Who has it, for the timers the orchestration publishes; null in histories written before it was kept.</param>
/// <param name="Subject">
/// Its subject as stored when an <see cref="IStaffTaskWording"/> worded it anew, for the timers the orchestration
/// publishes; null when it is the subject asked for, and in histories written before it was kept (whose timers quote the
/// subject asked for, as they did then).
/// </param>
public sealed record OpenedTask(string TaskId, DateTimeOffset DueAt, string? MailId, string? Undeliverable, string? AssigneeName = null, string? Subject = null);
