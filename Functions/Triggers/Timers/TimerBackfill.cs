namespace EduFlows.Triggers.Timers;

/// <summary>What a backfill did.</summary>
/// <param name="Name">The timer function.</param>
/// <param name="Ran">The occurrences it ran now.</param>
/// <param name="AlreadyRun">The occurrences in the range that had already run (by schedule or an earlier backfill) and were left alone.</param>
public sealed record TimerBackfill(string Name, IReadOnlyList<DateTimeOffset> Ran, IReadOnlyList<DateTimeOffset> AlreadyRun);
