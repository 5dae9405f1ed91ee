namespace EduFlows.Triggers.Timers;

/// <summary>
/// The office's hold on the timer functions, offered by the host that runs them (the local host). Azure's Functions
/// host has no such controls, so there the service is absent and the office pages show only the schedules.
/// </summary>
public interface ITimerSchedules
{
    /// <summary>Every timer with its control, last and next occurrence.</summary>
    Task<IReadOnlyList<TimerState>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Pauses a timer (stored, so it stays paused across restarts); null for an unknown timer.</summary>
    Task<TimerState?> PauseAsync(string timer, CancellationToken cancellationToken);

    /// <summary>Resumes a timer from its next occurrence; the ones passed while paused stay unrun. Null for an unknown timer.</summary>
    Task<TimerState?> ResumeAsync(string timer, CancellationToken cancellationToken);

    /// <summary>Sets a timer's overlap policy; null for an unknown timer.</summary>
    Task<TimerState?> SetOverlapAsync(string timer, TimerOverlap overlap, CancellationToken cancellationToken);

    /// <summary>
    /// Runs each occurrence of the timer's schedule in [<paramref name="first"/>, <paramref name="last"/>] that has not
    /// run, in order, each exactly once however often this is asked; null for an unknown timer.
    /// </summary>
    Task<TimerBackfill?> BackfillAsync(string timer, DateTimeOffset first, DateTimeOffset last, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets every timer's records of occurrences before <paramref name="before"/> (each run adds one); returns how
    /// many. The pause, overlap policy and last run stay, and an occurrence before it counts as run, so a backfill
    /// reaching back past it runs nothing twice.
    /// </summary>
    Task<int> PruneRunsAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
