using Microsoft.DurableTask.Client;

namespace EduFlows.Tasks;

/// <summary>Every five minutes: tasks still open for a process that has ended are cancelled, so nobody answers in vain.</summary>
public sealed class TaskTimers(TaskDesk desk)
{
    /// <summary>The timer's name.</summary>
    public const string CancelTasksOfEndedProcesses = nameof(CancelTasksOfEndedProcesses);

    /// <summary>The timer function; the client tells which processes have ended.</summary>
    [Function(CancelTasksOfEndedProcesses)]
    public Task RunAsync([TimerTrigger("0 */5 * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        desk.CancelTasksOfEndedProcessesAsync(client, cancellationToken);
}
