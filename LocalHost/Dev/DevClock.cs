namespace EduFlows.Hosting;

/// <summary>
/// A clock for demos in Development: real time plus an offset that can only grow. Moving it forward fires every
/// timer (durable timers, timer triggers, delays) that falls due, as if the time had passed.
/// </summary>
public sealed class DevClock : TimeProvider
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(30);
    private readonly TimeProvider _real;
    private readonly Lock _gate = new();
    private readonly List<WeakReference<DevTimer>> _timers = [];
    private TimeSpan _offset;

    /// <summary>Creates the clock over <paramref name="real"/> (the system clock by default).</summary>
    public DevClock(TimeProvider? real = null) => _real = real ?? System;

    /// <summary>Why the clock may not be moved in this app (null when it may): said to whoever tries.</summary>
    public string? FrozenBecause { get; init; }

    /// <summary>The same reason in Chinese, said first (staff and the office read Chinese); null when there is none.</summary>
    public string? FrozenBecauseZh { get; init; }

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => _real.GetUtcNow() + Offset;

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => _real.LocalTimeZone;

    /// <summary>How far the clock is ahead of real time.</summary>
    public TimeSpan Offset
    {
        get
        {
            lock (_gate)
            {
                return _offset;
            }
        }
    }

    /// <summary>Moves the clock forward by <paramref name="amount"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When the amount is not positive: the clock never goes back.</exception>
    public DateTimeOffset AdvanceBy(TimeSpan amount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(amount, TimeSpan.Zero);
        List<DevTimer> live;
        lock (_gate)
        {
            _offset += amount;
            live = [.. _timers.Select(w => w.TryGetTarget(out var t) ? t : null).OfType<DevTimer>()];
            _timers.RemoveAll(w => !w.TryGetTarget(out _));
        }

        foreach (var timer in live)
        {
            timer.Rearm();
        }

        return GetUtcNow();
    }

    /// <summary>Moves the clock to <paramref name="target"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When the target is not after the current time.</exception>
    public DateTimeOffset SetTo(DateTimeOffset target)
    {
        var now = GetUtcNow();
        if (target <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, $"The clock moves forward only; it is {now:O}.");
        }

        return AdvanceBy(target - now);
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new DevTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(new WeakReference<DevTimer>(timer));
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>A timer that aims at a point on the dev clock and re-aims when the clock jumps.</summary>
    private sealed class DevTimer : ITimer
    {
        private readonly DevClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private readonly ITimer _inner;
        private readonly Lock _gate = new();
        private DateTimeOffset? _dueAt;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DevTimer(DevClock clock, TimerCallback callback, object? state)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
            _inner = clock._real.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                _period = period;
                _dueAt = dueTime == Timeout.InfiniteTimeSpan ? null : _clock.GetUtcNow() + dueTime;
            }

            Rearm();
            return true;
        }

        public void Rearm()
        {
            DateTimeOffset? due;
            lock (_gate)
            {
                due = _dueAt;
            }

            if (due is null)
            {
                _inner.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                return;
            }

            // System timers cap near 49 days: a longer wait is re-aimed when the capped one fires.
            var wait = due.Value - _clock.GetUtcNow();
            _inner.Change(wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxWait ? MaxWait : wait, Timeout.InfiniteTimeSpan);
        }

        public void Dispose() => _inner.Dispose();

        public ValueTask DisposeAsync() => _inner.DisposeAsync();

        private void Fire()
        {
            bool early;
            lock (_gate)
            {
                // A capped wait can run out before the target: then only aim again.
                early = _dueAt is { } due && due > _clock.GetUtcNow();
                if (!early)
                {
                    _dueAt = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : _clock.GetUtcNow() + _period;
                }
            }

            Rearm();
            if (!early)
            {
                _callback(_state);
            }
        }
    }
}
