using Azure;
using Azure.Data.Tables;
using EduFlows.Storage;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>The points sheets: one row per person and reallocation, with the history of its corrections.</summary>
public sealed class PointsSheetStore(StorageAccount account, string hubName)
{
    /// <summary>Entries by <see cref="PointsSheetEntry.Id"/>.</summary>
    public RecordTable<PointsSheetEntry> Entries { get; } = new(account.Tables.GetTableClient(hubName + "ReallocationPointsSheet"), e => e.Id, e => new Dictionary<string, object?>
    {
        ["ReallocationId"] = e.ReallocationId,
        ["StaffId"] = e.StaffId,
    });

    /// <summary>The sheet of a reallocation, by staff id.</summary>
    public async Task<Dictionary<string, PointsSheetEntry>> SheetOfAsync(string reallocationId, CancellationToken cancellationToken) =>
        (await Entries.QueryAsync(TableClient.CreateQueryFilter($"ReallocationId eq {reallocationId}"), cancellationToken).ConfigureAwait(false))
            .ToDictionary(e => e.StaffId, StringComparer.Ordinal);

    /// <summary>
    /// Puts <paramref name="values"/> in force for the person, keeping what they replace in the history (guarded by
    /// ETag: two correctors never both win silently). Returns the entry as stored.
    /// </summary>
    public async Task<PointsSheetEntry> ReviseAsync(
        string reallocationId, string staffId, string? name, PointsSheetValues values, string by, DateTimeOffset at, string why, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await Entries.GetAsync(PointsSheetEntry.IdOf(reallocationId, staffId), cancellationToken).ConfigureAwait(false);
            if (read is null)
            {
                var entry = new PointsSheetEntry { ReallocationId = reallocationId, StaffId = staffId, Name = name, Values = values, By = by, At = at, Why = why };
                if (await Entries.TryAddAsync(entry, cancellationToken).ConfigureAwait(false))
                {
                    return entry;
                }

                continue;
            }

            var revised = read.Record.Revised(values, by, at, why, name);
            if (ReferenceEquals(revised, read.Record) || await Entries.TryReplaceAsync(revised, read.ETag, cancellationToken).ConfigureAwait(false) is not null)
            {
                return revised;
            }
        }
    }

    /// <summary>
    /// Puts <paramref name="values"/> in force for the person only over the entry as read: <paramref name="readAt"/> is
    /// its version then, null when the sheet had no entry for them. Null, and nothing changes, when someone changed or
    /// added the entry since; otherwise the entry as stored (what it replaces kept in the history).
    /// </summary>
    public async Task<PointsSheetEntry?> TryReviseAsync(
        string reallocationId, string staffId, PointsSheetValues values, string by, DateTimeOffset at, string why, ETag? readAt, CancellationToken cancellationToken)
    {
        if (readAt is not { } version)
        {
            var entry = new PointsSheetEntry { ReallocationId = reallocationId, StaffId = staffId, Values = values, By = by, At = at, Why = why };
            return await Entries.TryAddAsync(entry, cancellationToken).ConfigureAwait(false) ? entry : null;
        }

        var read = await Entries.GetAsync(PointsSheetEntry.IdOf(reallocationId, staffId), cancellationToken).ConfigureAwait(false);
        if (read is null || read.ETag != version)
        {
            return null;
        }

        var revised = read.Record.Revised(values, by, at, why);
        return ReferenceEquals(revised, read.Record) || await Entries.TryReplaceAsync(revised, version, cancellationToken).ConfigureAwait(false) is not null
            ? revised
            : null;
    }
}
