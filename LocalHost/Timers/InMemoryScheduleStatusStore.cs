namespace EduFlows.Triggers.Timers;

/// <summary>Timer statuses in process memory (the in-memory backend's companion; hosts sharing it share claims).</summary>
public sealed class InMemoryScheduleStatusStore : IScheduleStatusStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Row> _rows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TimerControl> _controls = new(StringComparer.Ordinal);
    private readonly HashSet<(string Timer, DateTimeOffset Occurrence)> _runs = [];
    private readonly Dictionary<string, DateTimeOffset> _prunedBefore = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public Task<TimerScheduleStatus?> ReadAsync(string timer, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_rows.TryGetValue(timer, out var row) ? row.Status : null);
        }
    }

    /// <inheritdoc/>
    public Task InitializeAsync(string timer, TimerScheduleStatus status, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _rows.TryAdd(timer, new Row(status, null, null, default));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<bool> TryClaimAsync(string timer, DateTimeOffset occurrence, string holder, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_rows.TryGetValue(timer, out var row) || (row.Status.Last is { } last && last >= occurrence)
                || (row.ClaimOccurrence == occurrence && row.ClaimUntil > now && row.ClaimHolder != holder))
            {
                return Task.FromResult(false);
            }

            _rows[timer] = row with { ClaimOccurrence = occurrence, ClaimHolder = holder, ClaimUntil = until };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task<bool> RenewClaimAsync(string timer, DateTimeOffset occurrence, string holder, DateTimeOffset until, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_rows.TryGetValue(timer, out var row) || row.ClaimOccurrence != occurrence || row.ClaimHolder != holder)
            {
                return Task.FromResult(false);
            }

            _rows[timer] = row with { ClaimUntil = until };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task<bool> CompleteAsync(string timer, DateTimeOffset occurrence, string holder, DateTimeOffset nextOccurrence, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_rows.TryGetValue(timer, out var row) || row.ClaimOccurrence != occurrence || row.ClaimHolder != holder)
            {
                return Task.FromResult(false);
            }

            _rows[timer] = new Row(new TimerScheduleStatus(occurrence, nextOccurrence, now), null, null, default);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public Task<TimerControl> ReadControlAsync(string timer, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_controls.GetValueOrDefault(timer) ?? TimerControl.Default);
        }
    }

    /// <inheritdoc/>
    public Task WriteControlAsync(string timer, TimerControl control, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _controls[timer] = control;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<bool> HasRunAsync(string timer, DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(Pruned(timer, occurrence) || _runs.Contains((timer, occurrence)));
        }
    }

    /// <inheritdoc/>
    public Task<bool> TryRecordRunAsync(string timer, DateTimeOffset occurrence, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(!Pruned(timer, occurrence) && _runs.Add((timer, occurrence)));
        }
    }

    /// <inheritdoc/>
    public Task<DateTimeOffset?> ReadLastRunAsync(string timer, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_runs.Where(r => r.Timer == timer).Select(r => (DateTimeOffset?)r.Occurrence).Max());
        }
    }

    /// <inheritdoc/>
    public Task<int> PruneRunsAsync(string timer, DateTimeOffset before, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // The latest run stays: it is the office's "last" column.
            var latest = _runs.Where(r => r.Timer == timer).Select(r => (DateTimeOffset?)r.Occurrence).Max();
            int removed = _runs.RemoveWhere(r => r.Timer == timer && r.Occurrence < before && r.Occurrence != latest);
            if (!_prunedBefore.TryGetValue(timer, out var earlier) || earlier < before)
            {
                _prunedBefore[timer] = before;
            }

            return Task.FromResult(removed);
        }
    }

    private bool Pruned(string timer, DateTimeOffset occurrence) => _prunedBefore.TryGetValue(timer, out var before) && occurrence < before;

    private sealed record Row(TimerScheduleStatus Status, DateTimeOffset? ClaimOccurrence, string? ClaimHolder, DateTimeOffset ClaimUntil);
}
