namespace EduFlows.Workbench;

/// <summary>A timer function and when it fires next, for the office home.</summary>
/// <param name="Title">What it does, in the page's language.</param>
/// <param name="Function">The timer function's name.</param>
/// <param name="Schedule">Its NCRONTAB schedule.</param>
/// <param name="Next">Its next occurrence in bureau time ("2027-01-01 09:00"), or empty when the schedule cannot be read.</param>
public sealed record NextTimer(string Title, string Function, string Schedule, string Next);
