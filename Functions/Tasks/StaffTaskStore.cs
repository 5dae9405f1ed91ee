using Azure.Data.Tables;
using EduFlows.Storage;

namespace EduFlows.Tasks;

/// <summary>The task table (<c>{hub}Tasks</c>): every task sent, its status and its submission. Every change is ETag-guarded.</summary>
public sealed class StaffTaskStore(StorageAccount account, string tableName)
{
    // A resume point every 5 pages of 1,000: a stopped host reads at most 5,000 rows again.
    private const int BackfillPagesPerResumePoint = 5;

    /// <summary>
    /// The one-time work of <see cref="WriteEscalationColumnsAsync"/> (<see cref="EscalationColumnsBackfill"/>), its mark
    /// and resume point kept in a table of their own (<c>{table}Marks</c>): the task table holds tasks only.
    /// </summary>
    /// <remarks>
    /// The progress row holds a resume point from the claim on (<see cref="ColumnBackfill.Start"/> until the scan saves
    /// one): the version before one-time work was shared read that row as its resume point and failed on a row without.
    /// </remarks>
    public OneTimeWork<EscalationColumnsMark, ColumnBackfill> EscalationColumns { get; } = new(account.Tables.GetTableClient(tableName + "Marks"), EscalationColumnsMark.Key, ColumnBackfill.Start);

    private readonly RecordTable<StaffTask> _table = new(account.Tables.GetTableClient(tableName), t => t.Id, t => new Dictionary<string, object?>
    {
        ["Status"] = t.Status,
        ["AssigneeId"] = t.AssigneeId,
        ["InstanceId"] = t.InstanceId,
        ["Kind"] = t.Kind,
        ["DueAt"] = t.DueAt,
        ["CreatedAt"] = t.CreatedAt,
        ["EscalatedFrom"] = t.EscalatedFrom,
    });

    /// <summary>The table of a storage connection string (tests, and Azurite).</summary>
    public StaffTaskStore(string connectionString, string tableName)
        : this(StorageAccount.FromConnectionString(connectionString), tableName)
    {
    }

    /// <summary>Stores a new task; if it exists (a retried activity), returns the stored one.</summary>
    public async Task<StaffTask> CreateAsync(StaffTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (await _table.TryAddAsync(task, cancellationToken).ConfigureAwait(false))
        {
            return task;
        }

        return (await GetAsync(task.Id, cancellationToken).ConfigureAwait(false))?.Record
            ?? throw new InvalidOperationException($"Task '{task.Id}' exists but cannot be read.");
    }

    /// <summary>Reads a task with its version.</summary>
    public Task<Versioned<StaffTask>?> GetAsync(string id, CancellationToken cancellationToken) => _table.GetAsync(id, cancellationToken);

    /// <summary>Changes a task if nobody changed it since it was read.</summary>
    public Task<Azure.ETag?> TryReplaceAsync(StaffTask task, Azure.ETag readVersion, CancellationToken cancellationToken) =>
        _table.TryReplaceAsync(task, readVersion, cancellationToken);

    /// <summary>A staff member's tasks, open ones first, then the latest answered.</summary>
    public async Task<List<StaffTask>> ForAssigneeAsync(string assigneeId, CancellationToken cancellationToken)
    {
        var tasks = await _table.QueryAsync(TableClient.CreateQueryFilter($"AssigneeId eq {assigneeId}"), cancellationToken).ConfigureAwait(false);
        var open = tasks.Where(t => t.Status == StaffTaskStatus.Open).OrderBy(t => t.DueAt);
        var closed = tasks.Where(t => t.Status != StaffTaskStatus.Open).OrderByDescending(t => t.SubmittedAt ?? t.ClosedAt ?? t.CreatedAt);
        return [.. open, .. closed];
    }

    /// <summary>Every open task.</summary>
    public Task<List<StaffTask>> AllOpenAsync(CancellationToken cancellationToken) =>
        _table.QueryAsync(TableClient.CreateQueryFilter($"Status eq {nameof(StaffTaskStatus.Open)}"), cancellationToken);

    /// <summary>
    /// Every task escalated to a supervisor (opened in [<paramref name="from"/>, <paramref name="to"/>)), newest first:
    /// the office's task page filters them before it keeps a page.
    /// </summary>
    /// <param name="from">The earliest escalation time.</param>
    /// <param name="to">The escalation time before which they count.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <remarks>
    /// The table filters on the escalated-from and created columns, so only the period's escalations are read (a few a
    /// week, not the period's thousands of tasks); the table keeps no order but by id, so they are ordered here. Rows
    /// written before these columns existed are found once <see cref="EscalationColumnsBackfill"/> has written theirs.
    /// </remarks>
    public async Task<IReadOnlyList<StaffTask>> EscalatedAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var found = await _table.QueryAsync(
            TableClient.CreateQueryFilter($"EscalatedFrom gt {string.Empty} and CreatedAt ge {from.UtcDateTime} and CreatedAt lt {to.UtcDateTime}"), cancellationToken).ConfigureAwait(false);
        return [.. found.OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal)];
    }


    /// <summary>
    /// Writes the columns of the escalated tasks stored before <c>EscalatedFrom</c> and <c>CreatedAt</c> were columns, from
    /// where a stopped run last saved its place, saving it every few pages; returns how many it wrote and skipped in all.
    /// </summary>
    public Task<ColumnBackfill> WriteEscalationColumnsAsync(OneTimeProgress<ColumnBackfill> progress, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return _table.WriteMissingColumnAsync(
            "EscalatedFrom",
            t => t.EscalatedFrom is not null,
            progress.ResumeFrom ?? ColumnBackfill.Start,
            pageSize,
            BackfillPagesPerResumePoint,
            progress.SaveAsync,
            cancellationToken);
    }

    /// <summary>True when <see cref="EscalationColumnsBackfill"/> has written the older rows' columns.</summary>
    public Task<bool> EscalationColumnsWrittenAsync(CancellationToken cancellationToken) =>
        EscalationColumns.IsDoneAsync(cancellationToken);

    /// <summary>Marks the older rows' columns as written; false when another run marked them first.</summary>
    public Task<bool> MarkEscalationColumnsWrittenAsync(EscalationColumnsMark mark, CancellationToken cancellationToken) =>
        EscalationColumns.MarkAsync(mark, cancellationToken);
}
