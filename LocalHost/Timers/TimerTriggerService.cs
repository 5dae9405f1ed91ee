using Microsoft.Extensions.Options;

namespace EduFlows.Triggers.Timers;

/// <summary>
/// Runs the app's timer functions: each occurrence once across all hosts, a missed occurrence once (past due) when a
/// host starts after it, and <see cref="TimerTrigger.RunOnStartup"/> timers once per start. Time comes from
/// <see cref="TimeProvider"/>, so a fake clock drives a simulated year in seconds.
/// </summary>
public sealed partial class TimerTriggerService(
    IEnumerable<TimerTrigger> triggers,
    IScheduleStatusStore store,
    TimeProvider time,
    IServiceProvider services,
    IOptions<TimerTriggerOptions> options,
    ILogger<TimerTriggerService> logger) : BackgroundService, ITimerSchedules
{
    /// <summary>The most occurrences one backfill runs: a longer range is refused rather than starting hundreds of processes.</summary>
    public const int MaxBackfill = 100;

    // Waiting for another host's claim is plumbing, not schedule time: it runs on the real clock.
    private static readonly TimeSpan ClaimPoll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(30);
    private static readonly TimeSpan StoreRetry = TimeSpan.FromSeconds(1);
    private readonly string _holder = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
    private readonly List<(TimerTrigger Trigger, TimerSchedule Schedule)> _timers =
        [.. triggers.Select(t => (t, TimerSchedule.Parse(t.Schedule, options.Value.TimeZoneId)))];

    /// <summary>The registered timers and their schedules.</summary>
    public IReadOnlyList<TimerSchedule> Schedules => [.. _timers.Select(t => t.Schedule)];

    /// <summary>The registered timer names.</summary>
    public IReadOnlyList<string> Names => [.. _timers.Select(t => t.Trigger.Name)];

    /// <summary>
    /// The timers whose next occurrence falls at or before <paramref name="until"/>, each of which runs once (past due)
    /// when the clock gets there; with <paramref name="skip"/> those occurrences are first recorded as done without
    /// running, so that moving a clock far ahead starts no process by the way. An occurrence already running stays.
    /// </summary>
    public async Task<IReadOnlyList<PassedTimer>> PassedByAsync(DateTimeOffset until, bool skip, CancellationToken cancellationToken)
    {
        string skipper = _holder + "-skip";
        var passed = new List<PassedTimer>();
        foreach (var (trigger, schedule) in _timers)
        {
            // A timer whose status this host has not written yet would start from the next occurrence after now.
            var status = await store.ReadAsync(trigger.Name, cancellationToken).ConfigureAwait(false);
            var occurrence = status?.Next ?? schedule.NextAfter(time.GetUtcNow());
            if (occurrence > until)
            {
                continue;
            }

            if ((await store.ReadControlAsync(trigger.Name, cancellationToken).ConfigureAwait(false)).Paused)
            {
                // The office paused it: the move runs nothing of it, and on resume it goes on from the next occurrence.
                passed.Add(new PassedTimer(trigger.Name, occurrence, Runs: false, Paused: true));
                continue;
            }

            bool skipped = false;
            if (skip && status is null)
            {
                await store.InitializeAsync(trigger.Name, new TimerScheduleStatus(null, schedule.NextAfter(until), time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                skipped = (await store.ReadAsync(trigger.Name, cancellationToken).ConfigureAwait(false))?.Next > until;
            }
            else if (skip)
            {
                skipped = await store.TryClaimAsync(trigger.Name, occurrence, skipper, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow + options.Value.ClaimDuration, cancellationToken).ConfigureAwait(false)
                    && await store.CompleteAsync(trigger.Name, occurrence, skipper, schedule.NextAfter(until), time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }

            if (!skipped)
            {
                // A Warning, not the Information of the firing itself: the default logs are quiet, and the developer
                // who moved the clock should see which processes the move starts by the way.
                LogClockMoveRuns(logger, trigger.Name, occurrence, until);
            }

            passed.Add(new PassedTimer(trigger.Name, occurrence, Runs: !skipped));
        }

        return passed;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = time.GetUtcNow();
        return Task.WhenAll(_timers.Select(t => Task.Run(() => RunTimerAsync(t.Trigger, t.Schedule, started, stoppingToken), CancellationToken.None)));
    }

    private async Task RunTimerAsync(TimerTrigger trigger, TimerSchedule schedule, DateTimeOffset hostStarted, CancellationToken stoppingToken)
    {
        try
        {
            bool startupPending = trigger.RunOnStartup;
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (await store.ReadAsync(trigger.Name, stoppingToken).ConfigureAwait(false) is not { } current)
                    {
                        await store.InitializeAsync(trigger.Name, new TimerScheduleStatus(null, schedule.NextAfter(hostStarted), hostStarted), stoppingToken).ConfigureAwait(false);
                        continue;
                    }

                    if (startupPending)
                    {
                        startupPending = false;
                        await InvokeAsync(trigger, new TimerInfo(current, IsPastDue: false), stoppingToken).ConfigureAwait(false);
                    }

                    await RunNextAsync(trigger, schedule, hostStarted, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Storage may be down for a while: the schedule goes on once it answers again.
                    LogStoreFailed(logger, trigger.Name, ex);
                    await Task.Delay(StoreRetry, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }

    private async Task RunNextAsync(TimerTrigger trigger, TimerSchedule schedule, DateTimeOffset hostStarted, CancellationToken stoppingToken)
    {
        var status = (await store.ReadAsync(trigger.Name, stoppingToken).ConfigureAwait(false))!;
        var now = time.GetUtcNow();
        if (now < status.Next)
        {
            var wait = status.Next - now;
            using var armed = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var delay = Task.Delay(wait > MaxWait ? MaxWait : wait, time, armed.Token);

            // The clock may move between reading it and arming the delay (the dev clock, a fake one in tests): the
            // delay then counts from the moved time and would miss this occurrence by a whole wait. Looked at again
            // once armed, an occurrence already due runs now (its delay given up); a later move fires the armed delay.
            if (time.GetUtcNow() < status.Next)
            {
                await delay.ConfigureAwait(false);
            }
            else
            {
                await armed.CancelAsync().ConfigureAwait(false);
            }

            return;
        }

        // Claims measure whether a host is alive, so they run on the real clock (like partition leases), not schedule time.
        var claimDuration = options.Value.ClaimDuration;
        if (!await store.TryClaimAsync(trigger.Name, status.Next, _holder, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow + claimDuration, stoppingToken).ConfigureAwait(false))
        {
            // Another host runs this occurrence; look again once it has recorded the next one.
            await Task.Delay(ClaimPoll, stoppingToken).ConfigureAwait(false);
            return;
        }

        // Paused by the office (or the occurrence fell while it was): it passes without running, and the timer goes
        // on from the first occurrence after now, as a paused Temporal schedule does. Backfill runs what was passed.
        var control = await store.ReadControlAsync(trigger.Name, stoppingToken).ConfigureAwait(false);
        if (control.Paused || control.ResumedAt > status.Next)
        {
            LogPassedPaused(logger, trigger.Name, status.Next);
            await store.CompleteAsync(trigger.Name, status.Next, _holder, schedule.NextAfter(now > status.Next ? now : status.Next), now, stoppingToken).ConfigureAwait(false);
            return;
        }

        // Past due: the occurrence fell before this host was up (nobody ran it then), or the clock has since passed the
        // one after it too (a long stall, a dev-clock jump); it runs once, late, for all the occurrences missed.
        bool pastDue = status.Next < hostStarted || schedule.NextAfter(status.Next) <= now;

        // An office backfill may have run this very occurrence already.
        if (!await store.HasRunAsync(trigger.Name, status.Next, stoppingToken).ConfigureAwait(false))
        {
            using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var renewing = RenewClaimAsync(trigger.Name, status.Next, claimDuration, renewal.Token);
            await InvokeAsync(trigger, new TimerInfo(status, pastDue), stoppingToken).ConfigureAwait(false);
            await renewal.CancelAsync().ConfigureAwait(false);
            await renewing.ConfigureAwait(false);
            await store.TryRecordRunAsync(trigger.Name, status.Next, time.GetUtcNow(), stoppingToken).ConfigureAwait(false);
        }

        // On time, the next occurrence follows this one; if the run outlasted it, the overlap policy says whether it
        // runs at once (run once after) or is skipped. Past due, the missed ones collapse into the single late run just made.
        var after = time.GetUtcNow();
        var next = schedule.NextAfter(pastDue ? after : status.Next);
        if (next <= after && control.Overlap == TimerOverlap.Skip)
        {
            next = schedule.NextAfter(after);
        }

        await store.CompleteAsync(trigger.Name, status.Next, _holder, next, after, stoppingToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<TimerState>> ListAsync(CancellationToken cancellationToken)
    {
        var states = new List<TimerState>();
        foreach (var (trigger, schedule) in _timers)
        {
            states.Add(await StateAsync(trigger, schedule, cancellationToken).ConfigureAwait(false));
        }

        return states;
    }

    /// <inheritdoc/>
    public Task<TimerState?> PauseAsync(string timer, CancellationToken cancellationToken) =>
        ChangeAsync(timer, c => c.Paused ? c : c with { Paused = true, ChangedAt = time.GetUtcNow() }, cancellationToken);

    /// <inheritdoc/>
    public Task<TimerState?> ResumeAsync(string timer, CancellationToken cancellationToken) =>
        ChangeAsync(timer, c => c.Paused ? c with { Paused = false, ChangedAt = time.GetUtcNow(), ResumedAt = time.GetUtcNow() } : c, cancellationToken);

    /// <inheritdoc/>
    public Task<TimerState?> SetOverlapAsync(string timer, TimerOverlap overlap, CancellationToken cancellationToken) =>
        ChangeAsync(timer, c => c with { Overlap = overlap }, cancellationToken);

    /// <inheritdoc/>
    public async Task<TimerBackfill?> BackfillAsync(string timer, DateTimeOffset first, DateTimeOffset last, CancellationToken cancellationToken)
    {
        if (Find(timer) is not { } found)
        {
            return null;
        }

        var (trigger, schedule) = found;

        var occurrences = schedule.Between(first, last, MaxBackfill);
        if (occurrences.Count > MaxBackfill)
        {
            throw new ArgumentOutOfRangeException(nameof(last), last, $"The range holds more than {MaxBackfill} occurrences of {timer}.");
        }

        var ran = new List<DateTimeOffset>();
        var already = new List<DateTimeOffset>();
        DateTimeOffset? previous = null;
        foreach (var occurrence in occurrences)
        {
            // Recorded before it runs: a second backfill of the same range (or the schedule itself) finds it taken.
            if (await store.TryRecordRunAsync(trigger.Name, occurrence, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
            {
                await InvokeAsync(trigger, new TimerInfo(new TimerScheduleStatus(previous, occurrence, time.GetUtcNow()), IsPastDue: true, IsBackfill: true), cancellationToken).ConfigureAwait(false);
                ran.Add(occurrence);
            }
            else
            {
                already.Add(occurrence);
            }

            previous = occurrence;
        }

        return new TimerBackfill(trigger.Name, ran, already);
    }

    /// <inheritdoc/>
    public async Task<int> PruneRunsAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        int pruned = 0;
        foreach (var (trigger, _) in _timers)
        {
            // The occurrence due next (even one long past, after a long stop) keeps its record: the schedule checks it.
            var status = await store.ReadAsync(trigger.Name, cancellationToken).ConfigureAwait(false);
            var bound = status is not null && status.Next < before ? status.Next : before;
            pruned += await store.PruneRunsAsync(trigger.Name, bound, cancellationToken).ConfigureAwait(false);
        }

        return pruned;
    }

    private (TimerTrigger Trigger, TimerSchedule Schedule)? Find(string timer)
    {
        foreach (var entry in _timers)
        {
            if (string.Equals(entry.Trigger.Name, timer, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
    }

    private async Task<TimerState?> ChangeAsync(string timer, Func<TimerControl, TimerControl> change, CancellationToken cancellationToken)
    {
        if (Find(timer) is not { } found)
        {
            return null;
        }

        var (trigger, schedule) = found;

        var control = await store.ReadControlAsync(trigger.Name, cancellationToken).ConfigureAwait(false);
        var changed = change(control);
        if (changed != control)
        {
            await store.WriteControlAsync(trigger.Name, changed, cancellationToken).ConfigureAwait(false);
        }

        return await StateAsync(trigger, schedule, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TimerState> StateAsync(TimerTrigger trigger, TimerSchedule schedule, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var status = await store.ReadAsync(trigger.Name, cancellationToken).ConfigureAwait(false);
        var control = await store.ReadControlAsync(trigger.Name, cancellationToken).ConfigureAwait(false);
        var last = await store.ReadLastRunAsync(trigger.Name, cancellationToken).ConfigureAwait(false);

        // Paused, the next that counts is the first after now (the ones passed meanwhile will not run by themselves).
        var next = status?.Next ?? schedule.NextAfter(now);
        if (control.Paused && next <= now)
        {
            next = schedule.NextAfter(now);
        }

        return new TimerState(trigger.Name, schedule.Expression, control, last, next);
    }

    private async Task RenewClaimAsync(string timer, DateTimeOffset occurrence, TimeSpan claimDuration, CancellationToken token)
    {
        try
        {
            while (true)
            {
                await Task.Delay(claimDuration / 3, token).ConfigureAwait(false);
                if (!await store.RenewClaimAsync(timer, occurrence, _holder, DateTimeOffset.UtcNow + claimDuration, token).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run finished.
        }
#pragma warning disable CA1031 // A failed renewal only risks a second run elsewhere, which handlers tolerate (deterministic ids).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogStoreFailed(logger, timer, ex);
        }
    }

    private async Task InvokeAsync(TimerTrigger trigger, TimerInfo info, CancellationToken stoppingToken)
    {
        LogFiring(logger, trigger.Name, info.ScheduleStatus.Next, info.IsPastDue);
        try
        {
            using var scope = services.CreateScope();
            await trigger.Run(info, scope.ServiceProvider, stoppingToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failing timer function is logged; the schedule goes on, as in Azure Functions.
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            LogFailed(logger, trigger.Name, ex);
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Timer {Name}: running the occurrence of {Occurrence:o} (past due: {IsPastDue}).")]
    private static partial void LogFiring(ILogger logger, string name, DateTimeOffset occurrence, bool isPastDue);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Timer {Name} is paused: the occurrence of {Occurrence:o} passes without running.")]
    private static partial void LogPassedPaused(ILogger logger, string name, DateTimeOffset occurrence);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Moving the clock to {Until:o} passes timer {Name}, due at {Occurrence:o}: it runs now, once, and may start its process. To pass timers without running them, move the clock with \"timers\":\"skip\".")]
    private static partial void LogClockMoveRuns(ILogger logger, string name, DateTimeOffset occurrence, DateTimeOffset until);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Timer {Name}: its status store failed; retrying.")]
    private static partial void LogStoreFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Timer {Name} failed.")]
    private static partial void LogFailed(ILogger logger, string name, Exception exception);
}
