namespace EduFlows.Triggers.Timers;

/// <summary>What the office set for a timer, stored beside its schedule status so that it outlives a host restart.</summary>
/// <param name="Paused">True: its occurrences pass without running until it is resumed.</param>
/// <param name="ChangedAt">When it was last paused or resumed (the app's clock).</param>
/// <param name="ResumedAt">When it was last resumed: occurrences before this that fell while paused never run by themselves (backfill them).</param>
/// <param name="Overlap">What occurrences falling during a run do.</param>
public sealed record TimerControl(bool Paused, DateTimeOffset? ChangedAt, DateTimeOffset? ResumedAt, TimerOverlap Overlap)
{
    /// <summary>A timer the office never touched: running, overlaps run once after.</summary>
    public static TimerControl Default { get; } = new(false, null, null, TimerOverlap.RunOnceAfter);
}
