namespace EduFlows.Triggers.Timers;

/// <summary>A timer function as the office sees it.</summary>
/// <param name="Name">The timer function's name.</param>
/// <param name="Schedule">Its NCRONTAB schedule.</param>
/// <param name="Control">Paused or not, and its overlap policy.</param>
/// <param name="Last">The occurrence that ran last (by schedule or backfill), or null.</param>
/// <param name="Next">The occurrence that runs next (while paused: the next that would run once resumed).</param>
public sealed record TimerState(string Name, string Schedule, TimerControl Control, DateTimeOffset? Last, DateTimeOffset Next);
