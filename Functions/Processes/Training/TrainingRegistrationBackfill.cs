using EduFlows.Tasks;

namespace EduFlows.Processes.Training;

/// <summary>
/// Puts the registrations made before <c>{hub}TrainingRegistrations</c> existed into it when the app starts: every seat
/// and waiting place on a lecture of the years /api/me lists gets its row, then the mark
/// (<see cref="RegistrationBackfillMark"/>) says so. It runs again every <see cref="Period"/> for as long as the host
/// runs, adding the row of any seat that still lacks one: during a rolling upgrade a host of an earlier version still
/// takes registrations after the mark, on the lecture only.
/// </summary>
/// <remarks>
/// Each row is added only when absent, and the mark is written after the last: two hosts starting at once write each
/// row once between them, and a run stopped part-way (no mark) is finished by the next. A row for a seat given back
/// meanwhile is harmless (the lecture's lists stay the truth), and a seat taken meanwhile has its row from the desk.
/// Until the mark is there, /api/me reads the lectures as before (<see cref="AttendeeOwnResults"/>), so nobody's
/// registration is missing while this runs or after it failed; after it, a seat an earlier version wrote is listed from
/// the next run on, once (its row's key is the person and the lecture). Each run reads the lectures of the listed years
/// and the rows of those years, and writes only the missing rows.
/// </remarks>
public sealed partial class TrainingRegistrationBackfill(TrainingStore store, BureauClock clock, TimeProvider time, ILogger<TrainingRegistrationBackfill> logger) : BackgroundService
{
    /// <summary>How often the rows of seats written without one are looked for after the start-up run.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(10);

    // Rows added at a time: each is its own partition, so no batch transaction takes them.
    private const int Concurrency = 16;

    private readonly TaskCompletionSource<bool> _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the start-up run is done (true) or failed or was stopped (false: the next run tries again).</summary>
    public Task<bool> Settled => _settled.Task;

    /// <summary>
    /// Adds the row of every seat and waiting place of the listed years that has none, then the mark unless it is there;
    /// returns the rows this run added (none when every seat has its row).
    /// </summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        bool marked = await store.RegistrationsBackfilledAsync(cancellationToken).ConfigureAwait(false);
        int fromYear = AttendeeOwnResults.FirstYear(clock.DateOf(time.GetUtcNow()));
        var lectures = await store.LecturesFromAsync(fromYear, cancellationToken).ConfigureAwait(false);
        var kept = (await store.RegistrationsFromAsync(fromYear, cancellationToken).ConfigureAwait(false)).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var rows = lectures
            .SelectMany(l => l.Seats.Concat(l.Waiting).Select(s => new TrainingRegistration(s.StaffId, l.Id, l.Date.Year)))
            .Where(r => !kept.Contains(r.Id));
        int written = 0;
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (row, ct) =>
        {
            if (await store.Registrations.TryAddAsync(row, ct).ConfigureAwait(false))
            {
                Interlocked.Increment(ref written);
            }
        }).ConfigureAwait(false);
        if (!marked)
        {
            await store.MarkRegistrationsBackfilledAsync(new RegistrationBackfillMark(fromYear, lectures.Count, written, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }

        return written;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _settled.TrySetResult(await RunOnceAsync(stoppingToken).ConfigureAwait(false));
        using var timer = new PeriodicTimer(Period, TimeProvider.System);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host stops.
        }
    }

    // One run, logged; false when it failed or was stopped (the next run tries again).
    private async Task<bool> RunOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            int written = await RunAsync(stoppingToken).ConfigureAwait(false);
            if (written > 0)
            {
                LogBackfilled(logger, written);
            }

            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
#pragma warning disable CA1031 // Storage refused: /api/me reads the lectures meanwhile if unmarked, and the next run tries again; the host runs on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex);
            return false;
        }
    }

    [LoggerMessage(EventId = 7201, Level = LogLevel.Information, Message = "Added {Written} training registrations whose seats had no row (made before they were kept by person, or by an earlier version).")]
    private static partial void LogBackfilled(ILogger logger, int written);

    [LoggerMessage(EventId = 7202, Level = LogLevel.Error, Message = "Adding the rows of training registrations failed; until a later run has added them, /api/me reads the lectures (before the mark) or misses those seats.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
