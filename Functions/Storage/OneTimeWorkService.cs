namespace EduFlows.Storage;

/// <summary>
/// Runs a piece of one-time work (<see cref="OneTimeWork{TMark, TPoint}"/>) when the host starts, until it is done: when
/// another host holds it, again once that host's claim lapses (it has finished by then, or died and left its place).
/// Registered with <see cref="OneTimeWorkServiceCollectionExtensions.AddOneTimeWork{TWork}"/>.
/// </summary>
/// <remarks>
/// A run that fails is logged, not fatal: the host runs on and the next start tries again from the saved place. Work
/// that must also catch up with rows an earlier version still writes during a rolling upgrade says how often
/// (<see cref="RepeatEvery"/>) and what (<see cref="RepeatAsync"/>).
/// </remarks>
public abstract partial class OneTimeWorkService : BackgroundService
{
    // Not sooner than this after a claim found held: a clock a little behind the holder's does not spin.
    private static readonly TimeSpan LeastWait = TimeSpan.FromSeconds(5);

    /// <summary>A service timed by <paramref name="time"/>, logging to <paramref name="logger"/>.</summary>
    protected OneTimeWorkService(TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        Time = time;
        Logger = logger;
    }

    /// <summary>The app's clock.</summary>
    protected TimeProvider Time { get; }

    /// <summary>The work's log.</summary>
    protected ILogger Logger { get; }

    /// <summary>The work's name, for the log.</summary>
    protected abstract string Name { get; }

    /// <summary>What stays wrong while the work is not done, for the log of a failed run.</summary>
    protected abstract string WhileNotDone { get; }

    /// <summary>How often <see cref="RepeatAsync"/> runs after the start-up run; null (the default): never.</summary>
    protected virtual TimeSpan? RepeatEvery => null;

    /// <summary>Runs the work once; returns until when another host holds it, or null when it is done (now or before).</summary>
    protected abstract Task<DateTimeOffset?> RunAtStartAsync(CancellationToken cancellationToken);

    /// <summary>The catch-up run every <see cref="RepeatEvery"/> (nothing by default).</summary>
    protected virtual Task RepeatAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await SettleAsync(stoppingToken).ConfigureAwait(false);
        if (RepeatEvery is not { } period)
        {
            return;
        }

        // On the system clock, as before this class: a test's fake clock moved for other reasons does not fire it.
        using var timer = new PeriodicTimer(period, TimeProvider.System);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await LoggedAsync(RepeatAsync, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host stops.
        }
    }

    // The start-up run, again each time another host's claim lapses, until the work is done or a run fails (logged).
    private async Task SettleAsync(CancellationToken stoppingToken)
    {
        DateTimeOffset? claimedUntil = null;
        bool ran = await LoggedAsync(async token => claimedUntil = await RunAtStartAsync(token).ConfigureAwait(false), stoppingToken).ConfigureAwait(false);
        while (ran && claimedUntil is { } until)
        {
            LogClaimedElsewhere(Logger, Name, until);
            var wait = until - Time.GetUtcNow();
            try
            {
                await Task.Delay(wait > LeastWait ? wait : LeastWait, Time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            ran = await LoggedAsync(async token => claimedUntil = await RunAtStartAsync(token).ConfigureAwait(false), stoppingToken).ConfigureAwait(false);
        }
    }

    // One run; false when it failed (logged) or the host stopped.
    private async Task<bool> LoggedAsync(Func<CancellationToken, Task> run, CancellationToken stoppingToken)
    {
        try
        {
            await run(stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
#pragma warning disable CA1031 // Storage refused: what the work mends stays as it is until a later run; the host runs on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(Logger, Name, WhileNotDone, ex);
            return false;
        }
    }

    [LoggerMessage(EventId = 7601, Level = LogLevel.Information, Message = "One-time work {Work} is being done by another host until {Until}; looking again then.")]
    private static partial void LogClaimedElsewhere(ILogger logger, string work, DateTimeOffset until);

    [LoggerMessage(EventId = 7602, Level = LogLevel.Error, Message = "One-time work {Work} failed; {WhileNotDone} until a later run (the next start resumes from the saved place).")]
    private static partial void LogFailed(ILogger logger, string work, string whileNotDone, Exception exception);
}
