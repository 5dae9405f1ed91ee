using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.DurableTask;

namespace EduFlows.Storage;

/// <summary>
/// Records of one kind in an Azure table: one partition per record (id), the whole record as JSON, and a few columns
/// copied out of it so that queries can filter on them. Changes are guarded by ETag, so two writers never both win.
/// </summary>
/// <remarks>
/// A record's row is keyed (id, id). Rows written before were keyed (id, "r"): Azurite's table store finds a row by its
/// row key first and the partition key among those, so with every row keyed "r" each read and write of one record
/// scanned the whole table (issue 17: a county window's 8,950 tasks and mails took 752 s). Such rows are still read,
/// and moved to the new key on first use (<see cref="RecordTable{T}"/>'s LegacyRows part).
/// </remarks>
/// <typeparam name="T">A plain record type.</typeparam>
public sealed partial class RecordTable<T>(TableClient table, Func<T, string> idOf, Func<T, IReadOnlyDictionary<string, object?>> columns)
    where T : class
{
    private const string JsonColumn = "Json";

    // A table string property holds at most 64 KiB (32K UTF-16 characters); see RecordSize, which APIs check first.
    private const int MaxJsonChars = RecordSize.MaxJsonChars;
    // Stored, never embedded in a page: CJK and markup characters stay as they are (six times shorter than \uXXXX).
    private static readonly JsonSerializerOptions Json = RecordSize.Json;
    private volatile bool _created;

    /// <summary>Reads a record with its ETag; null when absent.</summary>
    public async Task<Versioned<T>?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);

        // Taken before the first read: a concurrent first use of this table may find no old-key rows left (a reader
        // moved the last one) and clear the flag between our miss under the new key and our look under the old one;
        // the record was then just moved, and the new key holds it.
        bool mayHoldLegacyRows = _legacyRows;
        bool readAfterLegacyMiss = false;
        while (true)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(id, id, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (row.HasValue)
            {
                return new Versioned<T>(FromEntity(row.Value!), row.Value!.ETag);
            }

            // Absent, unless stored under the old key: then moved (by us or a concurrent reader) and read again.
            if (await LegacyRowAsync(id, cancellationToken).ConfigureAwait(false) is not { } legacy)
            {
                // A concurrent reader may have moved it between our two reads: then the new key holds it now.
                if (!mayHoldLegacyRows || readAfterLegacyMiss)
                {
                    return null;
                }

                readAfterLegacyMiss = true;
                continue;
            }

            await TryMoveAsync(legacy, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stores a new record; false (and nothing changes) when one with its id exists.</summary>
    public async Task<bool> TryAddAsync(T record, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        if (await LegacyRowAsync(idOf(record), cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        try
        {
            await table.AddEntityAsync(ToEntity(record), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Replaces a record if it is still the version read; returns the new version, or null (and nothing changes) when someone changed it since.</summary>
    public async Task<ETag?> TryReplaceAsync(T record, ETag readVersion, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return (await table.UpdateEntityAsync(ToEntity(record), readVersion, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false)).Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>Stores a record whatever is stored under its id (for writes that are the same when an activity runs twice).</summary>
    public async Task PutAsync(T record, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await UpsertAsync(record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores many records, each whatever is stored under its id, a few at a time: one partition per record allows no
    /// batch transaction, and thousands one after another take minutes. For writes that are the same when run twice.
    /// </summary>
    public async Task PutAllAsync(IEnumerable<T> records, int concurrency, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await Parallel.ForEachAsync(records, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (record, token) =>
            await UpsertAsync(record, token).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>Every record matching an OData filter over the copied columns (null: all).</summary>
    public async Task<List<T>> QueryAsync(string? filter, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var found = new List<T>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            found.Add(FromEntity(row));
        }

        return found;
    }

    /// <summary>
    /// Writes the copied columns of every row that lacks <paramref name="column"/> (stored before it was copied) and whose
    /// record <paramref name="needsIt"/>, from the record itself. One-time work after a column is added: it reads every
    /// row once, page by page from where <paramref name="resumeFrom"/> says (<see cref="ColumnBackfill.Start"/>: the first row).
    /// </summary>
    /// <remarks>
    /// Each row is replaced only if unchanged since it was read: one changed meanwhile was written with its columns by
    /// its writer. A row under the old key is moved (with its columns) as on first use. Safe to run twice, or on two hosts.
    /// A row that holds no readable record is skipped (named in the result), so one bad row does not stop the scan for
    /// good. Every <paramref name="pagesPerResumePoint"/> pages the scan hands <paramref name="saveResumePoint"/> where the
    /// next page starts, with the counts so far, so a host stopped part-way resumes there rather than at the first row.
    /// </remarks>
    public async Task<ColumnBackfill> WriteMissingColumnAsync(
        string column,
        Func<T, bool> needsIt,
        ColumnBackfill resumeFrom,
        int pageSize,
        int pagesPerResumePoint,
        Func<ColumnBackfill, CancellationToken, Task> saveResumePoint,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(needsIt);
        ArgumentNullException.ThrowIfNull(resumeFrom);
        ArgumentNullException.ThrowIfNull(saveResumePoint);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var done = resumeFrom with { ResumeAt = null };
        int pages = 0;
        await foreach (var page in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", JsonColumn, column], maxPerPage: pageSize, cancellationToken: cancellationToken)
            .AsPages(resumeFrom.ResumeAt, pageSize).ConfigureAwait(false))
        {
            foreach (var row in page.Values)
            {
                if (row.TryGetValue(column, out object? value) && value is not null)
                {
                    continue;
                }

                T record;
                try
                {
                    record = FromEntity(row);
                }
                catch (Exception e) when (e is JsonException or InvalidDataException or ArgumentException or NotSupportedException)
                {
                    done = done.WithSkipped(row.PartitionKey);
                    continue;
                }

                if (!needsIt(record))
                {
                    continue;
                }

                try
                {
                    if (row.RowKey == LegacyRow && row.PartitionKey != LegacyRow)
                    {
                        await TryMoveAsync(row, cancellationToken).ConfigureAwait(false);
                        done = done with { Written = done.Written + 1 };
                    }
                    else if (await TryReplaceAsync(record, row.ETag, cancellationToken).ConfigureAwait(false) is not null)
                    {
                        done = done with { Written = done.Written + 1 };
                    }
                }
                catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException or NotSupportedException)
                {
                    // Its record cannot be written back (too large, say): left as it is.
                    done = done.WithSkipped(row.PartitionKey);
                }
            }

            if (page.ContinuationToken is { } next && ++pages % pagesPerResumePoint == 0)
            {
                await saveResumePoint(done with { ResumeAt = next }, cancellationToken).ConfigureAwait(false);
            }
        }

        return done;
    }

    /// <summary>One page of records matching a filter; pass the returned token back for the next.</summary>
    public async Task<(IReadOnlyList<T> Items, string? Next)> PageAsync(string? filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken)
            .AsPages(continuationToken, pageSize).ConfigureAwait(false))
        {
            return ([.. page.Values.Select(FromEntity)], page.ContinuationToken);
        }

        return ([], null);
    }

    private static T FromEntity(TableEntity row) =>
        JsonSerializer.Deserialize<T>(row.GetString(JsonColumn), Json)
        ?? throw new InvalidDataException($"Row {row.PartitionKey} of a record table holds no record.");

    private TableEntity ToEntity(T record)
    {
        string json = JsonSerializer.Serialize(record, Json);
        if (json.Length > MaxJsonChars)
        {
            throw new InvalidOperationException($"Record '{idOf(record)}' is {json.Length} characters; a table row holds at most {MaxJsonChars}.");
        }

        string id = idOf(record);
        var entity = new TableEntity(id, id) { [JsonColumn] = json };
        foreach (var (name, value) in columns(record))
        {
            entity[name] = value switch
            {
                Enum e => e.ToString(),
                DateTimeOffset d => d.UtcDateTime,
                _ => value,
            };
        }

        return entity;
    }

    private async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            await FindLegacyRowsAsync(cancellationToken).ConfigureAwait(false);
            _created = true;
        }
    }
}

/// <summary>A record as read, with the version to guard a later change by.</summary>
/// <param name="Record">The record.</param>
/// <param name="ETag">Its version.</param>
public sealed record Versioned<T>(T Record, ETag ETag);
