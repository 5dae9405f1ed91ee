namespace EduFlows.Triggers.Timers;

/// <summary>The app's clock shifted back to a backfilled occurrence: it reads the occurrence when the run starts, and goes on from there.</summary>
public sealed class BackfillClock(DateTimeOffset occurrence, TimeProvider app) : TimeProvider
{
    private readonly TimeSpan _shift = occurrence - app.GetUtcNow();

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => app.GetUtcNow() + _shift;

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => app.LocalTimeZone;

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => app.CreateTimer(callback, state, dueTime, period);
}
