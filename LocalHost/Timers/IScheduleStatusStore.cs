namespace EduFlows.Triggers.Timers;

/// <summary>
/// Where timer statuses live, shared by every host of the app. Claims make each occurrence run on one host: a claim
/// is granted to one caller, and lapses (so another host runs the occurrence) if its holder dies before completing it.
/// </summary>
public interface IScheduleStatusStore
{
    /// <summary>Reads a timer's status, or <see langword="null"/> for a timer never seen.</summary>
    Task<TimerScheduleStatus?> ReadAsync(string timer, CancellationToken cancellationToken);

    /// <summary>Records a status for a timer never seen (no effect if another host did it first).</summary>
    Task InitializeAsync(string timer, TimerScheduleStatus status, CancellationToken cancellationToken);

    /// <summary>Claims <paramref name="occurrence"/> for <paramref name="holder"/> until <paramref name="until"/>; false when another live claim holds it or it already ran.</summary>
    Task<bool> TryClaimAsync(string timer, DateTimeOffset occurrence, string holder, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Extends <paramref name="holder"/>'s claim on <paramref name="occurrence"/>; false when the claim is no longer theirs.</summary>
    Task<bool> RenewClaimAsync(string timer, DateTimeOffset occurrence, string holder, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Marks the occurrence as run and records the next one, if <paramref name="holder"/> still holds its claim.</summary>
    Task<bool> CompleteAsync(string timer, DateTimeOffset occurrence, string holder, DateTimeOffset nextOccurrence, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Reads what the office set for a timer (<see cref="TimerControl.Default"/> when nothing).</summary>
    Task<TimerControl> ReadControlAsync(string timer, CancellationToken cancellationToken);

    /// <summary>Stores what the office set for a timer.</summary>
    Task WriteControlAsync(string timer, TimerControl control, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="occurrence"/> of the timer has run (recorded by <see cref="TryRecordRunAsync"/>).</summary>
    Task<bool> HasRunAsync(string timer, DateTimeOffset occurrence, CancellationToken cancellationToken);

    /// <summary>The latest occurrence recorded by <see cref="TryRecordRunAsync"/>, or null.</summary>
    Task<DateTimeOffset?> ReadLastRunAsync(string timer, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="occurrence"/> runs; false (nothing changed) when it was recorded before. Backfills record before running, so each occurrence runs once.</summary>
    Task<bool> TryRecordRunAsync(string timer, DateTimeOffset occurrence, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets the timer's recorded runs of occurrences before <paramref name="before"/>; returns how many. Every
    /// occurrence before it then counts as run (<see cref="HasRunAsync"/> true, <see cref="TryRecordRunAsync"/> false),
    /// so nothing pruned can run a second time; the control (pause, overlap, last run) stays.
    /// </summary>
    Task<int> PruneRunsAsync(string timer, DateTimeOffset before, CancellationToken cancellationToken);
}
