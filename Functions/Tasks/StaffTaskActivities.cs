using EduFlows.Notifications;

namespace EduFlows.Tasks;

/// <summary>The activities behind <see cref="StaffTaskOrchestration"/>; each is safe to run twice.</summary>
public sealed class StaffTaskActivities(TaskDesk desk, MailSender sender)
{
    /// <summary>Activity (function) names; other processes' orchestrators call <see cref="SendMail"/> and <see cref="SendMails"/> too.</summary>
    public const string Open = "TasksOpen", SendMail = "TasksSendMail", SendMails = "TasksSendMails", WriteReminder = "TasksWriteReminder", Expire = "TasksExpire", ReportUndelivered = "TasksReportUndelivered", Withdraw = "TasksWithdraw";

    /// <summary>Stores the task and writes its mail to the outbox.</summary>
    [Function(Open)]
    public Task<OpenedTask> OpenAsync([ActivityTrigger] OpenTaskInput input, CancellationToken cancellationToken) =>
        desk.OpenAsync(input, cancellationToken);

    /// <summary>Sends one outbox message; throws <see cref="MailNotSentYetException"/> while SendGrid should be tried again.</summary>
    [Function(SendMail)]
    public Task<MailDelivery> SendMailAsync([ActivityTrigger] string input, CancellationToken cancellationToken) =>
        sender.SendAsync(input, cancellationToken);

    /// <summary>
    /// Sends a batch of outbox messages a few at a time (<see cref="MailSender.SendAllAsync"/>); throws
    /// <see cref="MailNotSentYetException"/> while some should be tried again, unless it is the caller's last go.
    /// Orchestrations call it through <see cref="StaffTaskOrchestration.SendMailsAsync"/>.
    /// </summary>
    [Function(SendMails)]
    public Task<MailBatchOutcome> SendMailsAsync([ActivityTrigger] MailBatch input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return sender.SendAllAsync(input.MailIds, throwWhilePending: !input.LastGo, cancellationToken);
    }

    /// <summary>Writes a reminder to the outbox; null when the task is no longer open or has nowhere to go.</summary>
    [Function(WriteReminder)]
    public Task<string?> WriteReminderAsync([ActivityTrigger] ReminderInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return desk.WriteReminderAsync(input.TaskId, input.Number, cancellationToken);
    }

    /// <summary>Closes the task at its due time; returns it as it stands.</summary>
    [Function(Expire)]
    public Task<StaffTask> ExpireAsync([ActivityTrigger] string input, CancellationToken cancellationToken) =>
        desk.ExpireAsync(input, cancellationToken);

    /// <summary>Writes the "could not be delivered" mail to the task's owner; null when there is nobody to tell.</summary>
    [Function(ReportUndelivered)]
    public Task<string?> ReportUndeliveredAsync([ActivityTrigger] UndeliveredInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return desk.WriteUndeliveredReportAsync(input.TaskId, input.Reason, cancellationToken);
    }

    /// <summary>Closes a task its process no longer needs; false when it was no longer open.</summary>
    [Function(Withdraw)]
    public Task<bool> WithdrawAsync([ActivityTrigger] string input, CancellationToken cancellationToken) =>
        desk.WithdrawAsync(input, cancellationToken);

    /// <summary>Reminder number <paramref name="Number"/> of a task.</summary>
    /// <param name="TaskId">The task.</param>
    /// <param name="Number">1 for the first reminder.</param>
    public sealed record ReminderInput(string TaskId, int Number);

    /// <summary>A batch of outbox messages to send.</summary>
    /// <param name="MailIds">The outbox ids.</param>
    /// <param name="LastGo">True once the retries are spent: messages still pending are reported, not thrown for.</param>
    public sealed record MailBatch(IReadOnlyList<string> MailIds, bool LastGo = false);

    /// <summary>A task that did not reach its assignee, and why.</summary>
    /// <param name="TaskId">The task.</param>
    /// <param name="Reason">Why.</param>
    public sealed record UndeliveredInput(string TaskId, string Reason);
}
