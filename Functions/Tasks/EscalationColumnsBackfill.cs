using EduFlows.Storage;

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
/// was written with its columns). A row holding no readable task is skipped and logged, not fatal. One host does it
/// (<see cref="OneTimeWork{TMark, TPoint}"/>: claim, resume point every few pages, mark <see cref="EscalationColumnsMark"/>
/// after the scan), and once the mark is there a start reads one row. Every version since a7aa09c writes the columns,
/// so no row can lack them after the mark.
/// </remarks>
public sealed partial class EscalationColumnsBackfill(StaffTaskStore store, TimeProvider time, ILogger<EscalationColumnsBackfill> logger)
    : OneTimeWorkService(time, logger)
{
    /// <summary>Rows read a page at a time (the table's largest page).</summary>
    public const int PageSize = 1000;

    /// <inheritdoc/>
    protected override string Name => store.EscalationColumns.Name;

    /// <inheritdoc/>
    protected override string WhileNotDone => "escalations closed before the columns existed stay off the office's task page";

    /// <summary>Writes the columns of the escalated rows that lack them, then the mark, unless the mark is there or another host is at it; returns the rows written.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken) =>
        (await RunOnceAsync(cancellationToken).ConfigureAwait(false)).Mark?.Written ?? 0;

    /// <inheritdoc/>
    protected override async Task<DateTimeOffset?> RunAtStartAsync(CancellationToken cancellationToken)
    {
        var run = await RunOnceAsync(cancellationToken).ConfigureAwait(false);
        if (run.Mark is { Written: > 0 } mark)
        {
            LogWritten(Logger, mark.Written);
        }

        return run.ClaimedUntil;
    }

    private Task<OneTimeRun<EscalationColumnsMark>> RunOnceAsync(CancellationToken cancellationToken) =>
        store.EscalationColumns.RunAsync(
            async (progress, token) =>
            {
                var done = await store.WriteEscalationColumnsAsync(progress, PageSize, token).ConfigureAwait(false);
                if (done.Skipped > 0)
                {
                    LogSkipped(Logger, done.Skipped, string.Join(", ", done.SkippedRows));
                }

                return new EscalationColumnsMark(done.Written, Time.GetUtcNow());
            },
            Time,
            cancellationToken);

    [LoggerMessage(EventId = 7401, Level = LogLevel.Information, Message = "Wrote the escalation columns of {Written} tasks stored before the task table kept them; the office's task page lists them now.")]
    private static partial void LogWritten(ILogger logger, int written);

    [LoggerMessage(EventId = 7403, Level = LogLevel.Warning, Message = "Skipped {Skipped} task rows holding no readable task while writing the escalation columns (left as they are; the first by key: {Rows}).")]
    private static partial void LogSkipped(ILogger logger, int skipped, string rows);
}
