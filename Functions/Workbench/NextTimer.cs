namespace EduFlows.Workbench;

/// <summary>A timer function and when it fires next, for the office home.</summary>
/// <param name="Title">What it does, in the page's language.</param>
/// <param name="Function">The timer function's name.</param>
/// <param name="Schedule">Its NCRONTAB schedule.</param>
/// <param name="Next">Its next occurrence in bureau time ("2027-01-01 09:00"), or empty when the schedule cannot be read.</param>
/// <param name="Last">The occurrence that ran last in bureau time, or empty (none yet, or a host that does not tell).</param>
/// <param name="Paused">True when the office paused it; null when the host offers no controls (Azure).</param>
/// <param name="SkipsOverlaps">True when occurrences falling during a run are skipped; false when they run once after.</param>
public sealed record NextTimer(string Title, string Function, string Schedule, string Next, string Last = "", bool? Paused = null, bool SkipsOverlaps = false);
