namespace EduFlows.Reliability.Probes.Chaos;

/// <summary>
/// When the chaos probe moves the dev clock for a process that waits for its windows to close, and when it calls the
/// process stuck. Times are the probe's own elapsed time (one stopwatch), so the pacing is tested without waiting.
/// </summary>
/// <remarks>
/// The clock moves once per quiet spell: nothing seen moving for <c>quiet</c> since the last progress and since the
/// last move. A host that is busy without showing it (an activity writing hundreds of people one by one) is not met
/// with a burst of moves, each of which also wakes every timer the demo county has (monthly dispatches, reviews), which
/// loads the host further. And a count of moves is no judgement: only <paramref name="bound"/> without any progress is
/// stuck, so a legitimate window opened after many moves still gets the move that closes it.
/// </remarks>
/// <param name="bound">How long without any progress counts as stuck.</param>
public sealed class ClockPacing(TimeSpan bound)
{
    private TimeSpan _lastProgress;
    private TimeSpan? _lastMove;

    /// <summary>How many times the clock was moved.</summary>
    public int Moves { get; private set; }

    /// <summary>Since when (probe time) nothing has moved.</summary>
    public TimeSpan LastProgress => _lastProgress;

    /// <summary>Something was seen moving (a mail, the stage, the instance's last update), or the host was restarted.</summary>
    public void Progressed(TimeSpan at) => _lastProgress = at;

    /// <summary>True when the clock should move now: quiet for <paramref name="quiet"/> since the last progress and the last move.</summary>
    public bool ShouldMove(TimeSpan at, TimeSpan quiet) =>
        at - _lastProgress >= quiet && (_lastMove is not { } moved || at - moved >= quiet);

    /// <summary>The clock was moved at <paramref name="at"/>.</summary>
    public void Moved(TimeSpan at)
    {
        _lastMove = at;
        Moves++;
    }

    /// <summary>True when nothing has moved for the bound, however often the clock moved meanwhile.</summary>
    public bool IsStuck(TimeSpan at) => at - _lastProgress >= bound;
}
