using EduFlows.Storage;
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
/// One host does the start-up run (<see cref="TrainingStore.RegistrationsIndexed"/>, a <see cref="OneTimeWork{TMark, TPoint}"/>);
/// each row is added only when absent and the mark is written after the last, so a run stopped part-way (no mark) is
/// finished by the next. A row for a seat given back meanwhile is harmless (the lecture's lists stay the truth), and a
/// seat taken meanwhile has its row from the desk. Until the mark is there, /api/me reads the lectures as before
/// (<see cref="AttendeeOwnResults"/>), so nobody's registration is missing while this runs or after it failed; after it,
/// a seat an earlier version wrote is listed from the next run on, once (its row's key is the person and the lecture).
/// Each run reads the lectures of the listed years and the rows of those years, and writes only the missing rows.
/// </remarks>
public sealed partial class TrainingRegistrationBackfill(TrainingStore store, BureauClock clock, TimeProvider time, ILogger<TrainingRegistrationBackfill> logger)
    : OneTimeWorkService(time, logger)
{
    /// <summary>How often the rows of seats written without one are looked for after the start-up run.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(10);

    // Rows added at a time: each is its own partition, so no batch transaction takes them.
    private const int Concurrency = 16;

    /// <inheritdoc/>
    protected override string Name => store.RegistrationsIndexed.Name;

    /// <inheritdoc/>
    protected override string WhileNotDone => "/api/me reads the lectures (before the mark) or misses the seats an earlier version took (after it)";

    /// <inheritdoc/>
    protected override TimeSpan? RepeatEvery => Period;

    /// <summary>
    /// Adds the row of every seat and waiting place of the listed years that has none, then the mark unless it is there
    /// (or another host is doing it); returns the rows this run added (none when every seat has its row).
    /// </summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken) => (await RunOnceAsync(cancellationToken).ConfigureAwait(false)).Written;

    /// <inheritdoc/>
    protected override async Task<DateTimeOffset?> RunAtStartAsync(CancellationToken cancellationToken)
    {
        var (written, claimedUntil) = await RunOnceAsync(cancellationToken).ConfigureAwait(false);
        Logged(written);
        return claimedUntil;
    }

    /// <inheritdoc/>
    protected override async Task RepeatAsync(CancellationToken cancellationToken) =>
        Logged(await RunAsync(cancellationToken).ConfigureAwait(false));

    // After the mark every run catches up on every host; before it, one host does the work and marks it.
    private async Task<(int Written, DateTimeOffset? ClaimedUntil)> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (await store.RegistrationsBackfilledAsync(cancellationToken).ConfigureAwait(false))
        {
            return ((await AddMissingRowsAsync(cancellationToken).ConfigureAwait(false)).Written, null);
        }

        var run = await store.RegistrationsIndexed.RunAsync(
            async (_, token) =>
            {
                var (fromYear, lectures, written) = await AddMissingRowsAsync(token).ConfigureAwait(false);
                return new RegistrationBackfillMark(fromYear, lectures, written, Time.GetUtcNow());
            },
            Time,
            cancellationToken).ConfigureAwait(false);
        return (run.Mark?.Written ?? 0, run.ClaimedUntil);
    }

    private async Task<(int FromYear, int Lectures, int Written)> AddMissingRowsAsync(CancellationToken cancellationToken)
    {
        int fromYear = AttendeeOwnResults.FirstYear(clock.DateOf(Time.GetUtcNow()));
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
        return (fromYear, lectures.Count, written);
    }

    private void Logged(int written)
    {
        if (written > 0)
        {
            LogBackfilled(Logger, written);
        }
    }

    [LoggerMessage(EventId = 7201, Level = LogLevel.Information, Message = "Added {Written} training registrations whose seats had no row (made before they were kept by person, or by an earlier version).")]
    private static partial void LogBackfilled(ILogger logger, int written);
}
