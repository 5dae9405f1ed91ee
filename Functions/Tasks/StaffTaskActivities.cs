using Microsoft.DurableTask;
using EduFlows.Notifications;

namespace EduFlows.Tasks;

/// <summary>The activities behind <see cref="StaffTaskOrchestration"/>; each is safe to run twice.</summary>
public static class StaffTaskActivities
{
    /// <summary>Activity names.</summary>
    public const string Open = "Tasks.Open", SendMail = "Tasks.SendMail", WriteReminder = "Tasks.WriteReminder", Expire = "Tasks.Expire", ReportUndelivered = "Tasks.ReportUndelivered", Withdraw = "Tasks.Withdraw";

    /// <summary>Registers the task activities.</summary>
    public static DurableTaskRegistry AddStaffTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddActivity<OpenActivity>(Open)
            .AddActivity<SendMailActivity>(SendMail)
            .AddActivity<WriteReminderActivity>(WriteReminder)
            .AddActivity<ExpireActivity>(Expire)
            .AddActivity<ReportUndeliveredActivity>(ReportUndelivered)
            .AddActivity<WithdrawActivity>(Withdraw);
    }

    /// <summary>Reminder number <paramref name="Number"/> of a task.</summary>
    /// <param name="TaskId">The task.</param>
    /// <param name="Number">1 for the first reminder.</param>
    public sealed record ReminderInput(string TaskId, int Number);

    /// <summary>A task that did not reach its assignee, and why.</summary>
    /// <param name="TaskId">The task.</param>
    /// <param name="Reason">Why.</param>
    public sealed record UndeliveredInput(string TaskId, string Reason);

    private sealed class OpenActivity(TaskDesk desk) : TaskActivity<OpenTaskInput, OpenedTask>
    {
        public override Task<OpenedTask> RunAsync(TaskActivityContext context, OpenTaskInput input) =>
            desk.OpenAsync(input, CancellationToken.None);
    }

    private sealed class SendMailActivity(MailSender sender) : TaskActivity<string, MailDelivery>
    {
        public override Task<MailDelivery> RunAsync(TaskActivityContext context, string input) =>
            sender.SendAsync(input, CancellationToken.None);
    }

    private sealed class WriteReminderActivity(TaskDesk desk) : TaskActivity<ReminderInput, string?>
    {
        public override Task<string?> RunAsync(TaskActivityContext context, ReminderInput input) =>
            desk.WriteReminderAsync(input.TaskId, input.Number, CancellationToken.None);
    }

    private sealed class ExpireActivity(TaskDesk desk) : TaskActivity<string, StaffTask>
    {
        public override Task<StaffTask> RunAsync(TaskActivityContext context, string input) =>
            desk.ExpireAsync(input, CancellationToken.None);
    }

    private sealed class ReportUndeliveredActivity(TaskDesk desk) : TaskActivity<UndeliveredInput, string?>
    {
        public override Task<string?> RunAsync(TaskActivityContext context, UndeliveredInput input) =>
            desk.WriteUndeliveredReportAsync(input.TaskId, input.Reason, CancellationToken.None);
    }

    private sealed class WithdrawActivity(TaskDesk desk) : TaskActivity<string, bool>
    {
        public override Task<bool> RunAsync(TaskActivityContext context, string input) =>
            desk.WithdrawAsync(input, CancellationToken.None);
    }
}
