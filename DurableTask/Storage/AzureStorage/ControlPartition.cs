namespace EduFlows.DurableTask.Storage.AzureStorage;

/// <summary>
/// One owned control-queue partition: its polling loop's wake-up signal, the timers it expects, and the messages it
/// holds (received, not yet committed). Held-message members are called under the backend's lock.
/// </summary>
internal sealed class ControlPartition : IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    // Cut by a halt or the stop's deadline, not by the stop itself: see AnswerToken.
    private readonly CancellationTokenSource _answer = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxTimerWait;
    private readonly ITimer _timerWake;
    private readonly Lock _timerGate = new();
    private readonly Dictionary<string, Received> _heldQueue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Received> _heldTimers = new(StringComparer.Ordinal);
    private readonly HashSet<Received> _heldLocal = new(ReferenceEqualityComparer.Instance);
    private DateTimeOffset? _nextTimerDue;
    private DateTimeOffset _lastTimerPoll = DateTimeOffset.MinValue;

    public ControlPartition(int index, TimeProvider time, TimeSpan maxTimerWait)
    {
        Index = index;
        _time = time;
        _maxTimerWait = maxTimerWait;
        _timerWake = time.CreateTimer(_ => Wake(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Index { get; }

    public Task? Loop { get; set; }

    public CancellationToken Token => _stop.Token;

    /// <summary>
    /// For a request whose answer must be read once storage may have applied it (a held message's renewal, whose new
    /// receipt the hand-back needs): not cancelled by the stop, only by a halt or the stop's deadline.
    /// </summary>
    public CancellationToken AnswerToken => _answer.Token;

    public void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
        catch (ObjectDisposedException)
        {
            // Stopped.
        }
    }

    public async Task WaitAsync(TimeSpan max) => await _wake.WaitAsync(max, Token).ConfigureAwait(false);

    /// <summary>A timer due at <paramref name="due"/> exists: wake at that time on the backend's clock.</summary>
    public void ExpectTimer(DateTimeOffset? due)
    {
        lock (_timerGate)
        {
            if (due is { } d && (_nextTimerDue is null || d < _nextTimerDue))
            {
                _nextTimerDue = d;
                Arm();
            }
        }
    }

    /// <summary>True when a known timer is due, or timers created elsewhere (scheduled starts) should be looked for.</summary>
    public bool TimersDue(DateTimeOffset now, TimeSpan pollInterval)
    {
        lock (_timerGate)
        {
            return (_nextTimerDue is { } due && due <= now) || DateTimeOffset.UtcNow - _lastTimerPoll >= pollInterval;
        }
    }

    public void TimersPolled(DateTimeOffset? next)
    {
        lock (_timerGate)
        {
            _lastTimerPoll = DateTimeOffset.UtcNow;
            _nextTimerDue = next;
            Arm();
        }
    }

    public void Hold(Received received)
    {
        if (received.QueueMessageId is { } id)
        {
            _heldQueue[id] = received;
        }
        else if (received.TimerRowKey is { } key)
        {
            _heldTimers[key] = received;
        }
        else if (received.IsLocal)
        {
            _heldLocal.Add(received);
        }
    }

    /// <summary>A held queue message came round again (its visibility lapsed): keep one copy, with the new receipt.</summary>
    public bool Refresh(string queueMessageId, string popReceipt)
    {
        if (!_heldQueue.TryGetValue(queueMessageId, out var held))
        {
            return false;
        }

        held.PopReceipt = popReceipt;
        held.ReceivedAt = DateTimeOffset.UtcNow;
        return true;
    }

    /// <summary>How many messages it holds, by where they came from (for diagnostics; called under the backend's lock).</summary>
    public (int Queue, int Timers, int Local) HeldCounts => (_heldQueue.Count, _heldTimers.Count, _heldLocal.Count);

    public bool IsHeldTimer(string rowKey) => _heldTimers.ContainsKey(rowKey);

    public void Forget(Received received)
    {
        if (received.QueueMessageId is { } id)
        {
            _heldQueue.Remove(id);
        }
        else if (received.TimerRowKey is { } key)
        {
            _heldTimers.Remove(key);
        }
        else
        {
            _heldLocal.Remove(received);
        }
    }

    public List<Received> HeldOlderThan(DateTimeOffset cutoff) => [.. _heldQueue.Values.Where(r => r.ReceivedAt < cutoff)];

    public List<Received> TakeHeld()
    {
        var all = _heldQueue.Values.Concat(_heldTimers.Values).Concat(_heldLocal).ToList();
        _heldQueue.Clear();
        _heldTimers.Clear();
        _heldLocal.Clear();
        return all;
    }

    /// <summary>Stops the loop and waits for it; a request under way that must read its answer ends by <paramref name="cancellationToken"/>.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        using (cancellationToken.Register(() => _answer.Cancel()))
        {
            if (Loop is not null)
            {
                await Loop.ConfigureAwait(false);
            }
        }

        Dispose();
    }

    public void Dispose()
    {
        _timerWake.Dispose();
        _stop.Dispose();
        _answer.Dispose();
        _wake.Dispose();
    }

    private void Arm()
    {
        if (_nextTimerDue is not { } due)
        {
            return;
        }

        var wait = due - _time.GetUtcNow();
        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > _maxTimerWait ? _maxTimerWait : wait;
        _timerWake.Change(wait, Timeout.InfiniteTimeSpan);
    }
}
