namespace EduFlows.Workbench;

/// <summary>What the office asks of a timer, as JSON or as the office home's form fields.</summary>
/// <param name="Overlap"><c>skip</c> or <c>runOnceAfter</c> (for the overlap action).</param>
/// <param name="From">The backfill's first day or instant, bureau time (<c>2027-01-01</c> or <c>2027-01-01 09:00</c>).</param>
/// <param name="To">The backfill's last day (through its end) or instant, bureau time.</param>
public sealed record TimerChange(string? Overlap = null, string? From = null, string? To = null);
