namespace EduFlows.Tasks;

/// <summary>
/// Gives the escalated tasks stored before the task table copied <c>EscalatedFrom</c> and <c>CreatedAt</c> into columns
/// (a7aa09c) those columns, once, when the app starts: the office's escalations (<see cref="StaffTaskStore.EscalatedAsync"/>)
/// filter on them, and a task closed before then was never written again, so it was not listed.
/// </summary>
/// <remarks>
/// Nothing is inferred: every task row has held the whole task as JSON since the table existed, including whom it was
/// escalated from and when it was opened; only the columns copied out of it were missing. The scan reads every row
/// once and writes only escalated rows without the column, each only if unchanged since read (a row changed meanwhile
/// was written with its columns). A row holding no readable task is skipped and logged, not fatal. The scan saves its
/// place every few pages, so a run stopped part-way is resumed there by the next start; the mark
/// (<see cref="EscalationColumnsMark"/>) is written after the scan, and once it is there a start reads one row. Every version since
/// a7aa09c writes the columns, so no row can lack them after the mark.
/// </remarks>
public sealed partial class EscalationColumnsBackfill(StaffTaskStore store, TimeProvider time, ILogger<EscalationColumnsBackfill> logger) : BackgroundService
{
    /// <summary>Rows read a page at a time (the table's largest page).</summary>
    public const int PageSize = 1000;

    private readonly TaskCompletionSource<bool> _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the start-up run is done (true) or failed or was stopped (false: the next start tries again).</summary>
    public Task<bool> Settled => _settled.Task;

    /// <summary>Writes the columns of the escalated rows that lack them, then the mark, unless the mark is there; returns the rows written.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (await store.EscalationColumnsWrittenAsync(cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        var done = await store.WriteEscalationColumnsAsync(PageSize, cancellationToken).ConfigureAwait(false);
        if (done.Skipped > 0)
        {
            LogSkipped(logger, done.Skipped, string.Join(", ", done.SkippedRows));
        }

        await store.MarkEscalationColumnsWrittenAsync(new EscalationColumnsMark(done.Written, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        return done.Written;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            int written = await RunAsync(stoppingToken).ConfigureAwait(false);
            if (written > 0)
            {
                LogWritten(logger, written);
            }

            _settled.TrySetResult(true);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _settled.TrySetResult(false);
        }
#pragma warning disable CA1031 // Storage refused: those escalations stay unlisted until the next start tries again; the host runs on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex);
            _settled.TrySetResult(false);
        }
    }

    [LoggerMessage(EventId = 7401, Level = LogLevel.Information, Message = "Wrote the escalation columns of {Written} tasks stored before the task table kept them; the office's task page lists them now.")]
    private static partial void LogWritten(ILogger logger, int written);

    [LoggerMessage(EventId = 7403, Level = LogLevel.Warning, Message = "Skipped {Skipped} task rows holding no readable task while writing the escalation columns (left as they are; the first by key: {Rows}).")]
    private static partial void LogSkipped(ILogger logger, int skipped, string rows);

    [LoggerMessage(EventId = 7402, Level = LogLevel.Error, Message = "Writing the escalation columns of older tasks failed; escalations closed before the columns existed stay off the office's task page until the next start.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
