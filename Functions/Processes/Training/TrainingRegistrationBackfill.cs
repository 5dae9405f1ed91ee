using EduFlows.Tasks;

namespace EduFlows.Processes.Training;

/// <summary>
/// Puts the registrations made before <c>{hub}TrainingRegistrations</c> existed into it, once, when the app starts:
/// every seat and waiting place on a lecture of the years /api/me lists gets its row, then the mark
/// (<see cref="RegistrationBackfillMark"/>) says so. A start that finds the mark reads nothing more.
/// </summary>
/// <remarks>
/// Each row is added only when absent, and the mark is written after the last: two hosts starting at once write each
/// row once between them, and a run stopped part-way (no mark) is finished by the next start. A row for a seat given
/// back meanwhile is harmless (the lecture's lists stay the truth), and a seat taken meanwhile has its row from the
/// desk. Until the mark is there, /api/me reads the lectures as before (<see cref="AttendeeOwnResults"/>), so nobody's
/// registration is missing while this runs or after it failed. An older version of the app still taking
/// registrations after the mark (during an upgrade) writes seats without rows: not provided for.
/// </remarks>
public sealed partial class TrainingRegistrationBackfill(TrainingStore store, BureauClock clock, TimeProvider time, ILogger<TrainingRegistrationBackfill> logger) : BackgroundService
{
    // Rows added at a time: each is its own partition, so no batch transaction takes them.
    private const int Concurrency = 16;

    private readonly TaskCompletionSource<bool> _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the start-up run is done (true) or failed or was stopped (false: the next start runs again).</summary>
    public Task<bool> Settled => _settled.Task;

    /// <summary>Adds the missing rows and the mark, unless the mark is there; returns the rows this run added.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (await store.RegistrationsBackfilledAsync(cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        int fromYear = AttendeeOwnResults.FirstYear(clock.DateOf(time.GetUtcNow()));
        var lectures = await store.LecturesFromAsync(fromYear, cancellationToken).ConfigureAwait(false);
        var rows = lectures.SelectMany(l => l.Seats.Concat(l.Waiting).Select(s => new TrainingRegistration(s.StaffId, l.Id, l.Date.Year)));
        int written = 0;
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (row, ct) =>
        {
            if (await store.Registrations.TryAddAsync(row, ct).ConfigureAwait(false))
            {
                Interlocked.Increment(ref written);
            }
        }).ConfigureAwait(false);
        await store.MarkRegistrationsBackfilledAsync(new RegistrationBackfillMark(fromYear, lectures.Count, written, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        return written;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            int written = await RunAsync(stoppingToken).ConfigureAwait(false);
            if (written > 0)
            {
                LogBackfilled(logger, written);
            }

            _settled.TrySetResult(true);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _settled.TrySetResult(false);
        }
#pragma warning disable CA1031 // Storage refused: /api/me reads the lectures meanwhile, and the next start tries again; the host runs on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex);
            _settled.TrySetResult(false);
        }
    }

    [LoggerMessage(EventId = 7201, Level = LogLevel.Information, Message = "Added {Written} training registrations made before they were kept by person.")]
    private static partial void LogBackfilled(ILogger logger, int written);

    [LoggerMessage(EventId = 7202, Level = LogLevel.Error, Message = "Adding the training registrations made before they were kept by person failed; /api/me reads the lectures until a later start has added them.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
