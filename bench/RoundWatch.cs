using System.Diagnostics;

namespace EduFlows.Bench;

/// <summary>
/// Watches one scenario on one provider: the scenario reports progress, and a round that makes none for
/// <see cref="StallAfter"/> (or runs past its hard limit) is dumped and stopped rather than left to hang the run.
/// </summary>
/// <remarks>
/// Stopping is first asked for (<see cref="Token"/>, which every wait of the bench honours); a round that does not end
/// within <see cref="Grace"/> after that (a call that ignores its token, a host that does not stop) is abandoned, and
/// the caller must then end the process: whatever still runs would disturb every later measurement.
/// </remarks>
internal sealed class RoundWatch : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan DumpLimit = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastProgressAt;
    private string? _lastProgress;

    private RoundWatch(TimeSpan stallAfter, TimeSpan? hardLimit)
    {
        StallAfter = stallAfter;
        HardLimit = hardLimit;
    }

    /// <summary>The round being watched now (rounds run one at a time); null outside the provider scenarios.</summary>
    public static RoundWatch? Current { get; private set; }

    /// <summary>How long a round may go without progress before it is dumped and stopped.</summary>
    public TimeSpan StallAfter { get; }

    /// <summary>The longest the whole round may take, progress or not (twice <c>--give-up-after</c> per wait, when set).</summary>
    public TimeSpan? HardLimit { get; }

    /// <summary>Cancelled when the round is to stop; every wait in the bench links it.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>What the round's host can tell about itself (instances by status, what the provider holds).</summary>
    public Func<CancellationToken, Task<string>>? Diagnose { get; set; }

    /// <summary>The last progress reported and how long ago, for the dump.</summary>
    public string LastProgress
    {
        get
        {
            lock (_gate)
            {
                return $"{_lastProgress ?? "none"} ({(_clock.Elapsed - _lastProgressAt).TotalSeconds:0} s ago, {_clock.Elapsed.TotalSeconds:0} s into the round)";
            }
        }
    }

    public static RoundWatch Begin(TimeSpan stallAfter, TimeSpan? hardLimit) => Current = new RoundWatch(stallAfter, hardLimit);

    /// <summary>Reports where the round is; a change counts as progress.</summary>
    public void Report(string progress)
    {
        lock (_gate)
        {
            if (progress != _lastProgress)
            {
                _lastProgress = progress;
                _lastProgressAt = _clock.Elapsed;
            }
        }
    }

    /// <summary>
    /// Runs the round to its end, or until it stalls: then writes the dump to <paramref name="dumpPath"/>, asks the round to
    /// stop and waits <see cref="Grace"/> for it.
    /// </summary>
    /// <exception cref="RoundStalledException">When the round stalled and then stopped (or was abandoned).</exception>
    public async Task<T> SuperviseAsync<T>(Task<T> round, string dumpPath)
    {
        while (true)
        {
            if (await Task.WhenAny(round, Task.Delay(TimeSpan.FromSeconds(1))) == round)
            {
                return await round;
            }

            string? why;
            lock (_gate)
            {
                var idle = _clock.Elapsed - _lastProgressAt;
                why = idle >= StallAfter ? $"no progress for {idle.TotalSeconds:0} s (limit {StallAfter.TotalSeconds:0} s)"
                    : HardLimit is { } limit && _clock.Elapsed >= limit ? $"still running after {_clock.Elapsed.TotalMinutes:0.#} min (limit {limit.TotalMinutes:0.#} min)"
                    : null;
            }

            if (why is null)
            {
                continue;
            }

            await WriteDumpAsync(dumpPath, why, LastProgress, round);
            await _stop.CancelAsync();
            bool stopped = await Task.WhenAny(round, Task.Delay(Grace)) == round;
            if (stopped)
            {
                // Its own error is the consequence of the stop; the dump says why.
                _ = round.Exception;
            }

            throw new RoundStalledException(why, dumpPath, abandoned: !stopped);
        }
    }

    public void Dispose()
    {
        if (Current == this)
        {
            Current = null;
        }

        _stop.Dispose();
    }

    /// <summary>Writes what the round's host can tell; the progress is the one seen when the stall was called.</summary>
    /// <remarks>
    /// Read after the diagnosis, the last progress could be one reported meanwhile (the committed dump of Microsoft's replay
    /// said "no progress for 120 s" above "host stopping, 28 s ago": its own 3-minute cap had ended the round while the
    /// dump waited on the host), so it is taken at the call, and what the round did meanwhile is said apart.
    /// </remarks>
    private async Task WriteDumpAsync<T>(string path, string why, string progressAtStall, Task<T> round)
    {
        string state;
        using var limit = new CancellationTokenSource(DumpLimit);
        try
        {
            state = Diagnose is { } diagnose ? await diagnose(limit.Token).WaitAsync(limit.Token) : "(no host was started)";
        }
#pragma warning disable CA1031 // The dump says what it could not read rather than failing the run.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            state = $"(the host's diagnosis failed: {ex.GetType().Name}: {ex.Message.Split('\n')[0]})";
        }

        string meanwhile = round switch
        {
            { IsCompletedSuccessfully: true } => "it finished while the dump was taken",
            { IsFaulted: true } => $"it ended while the dump was taken: {round.Exception!.InnerException?.GetType().Name}: {round.Exception.InnerException?.Message.Split('\n')[0]}",
            { IsCanceled: true } => "it was cancelled while the dump was taken",
            _ => $"still running; last progress now {LastProgress}",
        };
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, $"# Stalled round\n\n- why: {why}\n- last progress: {progressAtStall}\n- the round: {meanwhile}\n- written {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC\n\n{state}\n");
    }
}

/// <summary>A round that stalled and was stopped; <see cref="Abandoned"/> when it did not stop when asked.</summary>
internal sealed class RoundStalledException(string why, string dumpPath, bool abandoned)
    : TimeoutException($"{why}; dump in {dumpPath}{(abandoned ? "; it did not stop when asked and was abandoned" : string.Empty)}")
{
    public string DumpPath { get; } = dumpPath;

    public bool Abandoned { get; } = abandoned;
}
