namespace EduFlows.Tasks;

/// <summary>
/// Words the tasks of some kinds as the desk opens them (<see cref="TaskDesk.OpenAsync"/>), from what is stored then:
/// e.g. the person a subject is about named as the directory has them, where the orchestration asking knows only their id.
/// </summary>
/// <remarks>
/// It runs inside the activity that opens the task, so it changes no orchestration's recorded history: a process whose
/// orchestrator could only read the directory with an activity call its running instances never made (and would not
/// replay) words its tasks here instead. The desk stores and mails the request it returns, and hands its subject back to
/// the orchestration (<see cref="OpenedTask.Subject"/>) for the timers it publishes. Registered as a service; a kind has one at most.
/// </remarks>
public interface IStaffTaskWording
{
    /// <summary>The task kinds (<see cref="TaskKind.Name"/>) it words.</summary>
    IReadOnlyCollection<string> Kinds { get; }

    /// <summary>The request as the task is to be stored: <paramref name="request"/> itself when there is nothing to change.</summary>
    /// <param name="request">The request as the orchestration asked.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    Task<StaffTaskRequest> WordAsync(StaffTaskRequest request, CancellationToken cancellationToken);
}
