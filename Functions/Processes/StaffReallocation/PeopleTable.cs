using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using EduFlows.Storage;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// The people of the reallocations: one partition per reallocation and one row per person (row key the staff id), the
/// whole record as JSON and a few columns copied out, as <see cref="RecordTable{T}"/> stores other records. One partition
/// lets a round's thousands of changed rows go as entity transactions of 100 and the county be read as one partition;
/// a distinct row key is also what the emulator finds a row by without scanning the table (see
/// bench/results/reallocation-apply-round.md).
/// </summary>
/// <param name="table">The people's table.</param>
/// <param name="earlierLayout">
/// The table of the earlier layout (one partition per person, row key <c>r</c>), whose rows a reallocation started
/// before this layout still has: they are moved here the first time this table is used for that reallocation.
/// </param>
public sealed class PeopleTable(TableClient table, TableClient? earlierLayout = null)
{
    /// <summary>Rows of one entity transaction at most (Azure Tables' rule).</summary>
    public const int TransactionRows = 100;

    // Transactions in flight at a time: each is 100 rows, so a few hide the round trips.
    private const int TransactionConcurrency = 4;
    // Of a transaction's 4 MiB body, what the rows' JSON may take (each character counted as 3 UTF-8 bytes at most).
    private const long TransactionBytes = 3L * 1024 * 1024;
    private const string JsonColumn = "Json";
    private volatile bool _created;

    /// <summary>Storage requests this table has made (reads, queries' pages and writes), for tests and benchmarks.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    private long _requests;
    private readonly ConcurrentDictionary<string, bool> _moved = new(StringComparer.Ordinal);

    /// <summary>Reads a person by row id (<see cref="PersonRecord.IdOf"/>) with the ETag; null when absent.</summary>
    public async Task<Versioned<PersonRecord>?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var (partition, row) = KeyOf(id);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await MoveEarlierLayoutAsync(partition, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _requests);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? new Versioned<PersonRecord>(FromEntity(found.Value!), found.Value!.ETag) : null;
    }

    /// <summary>Stores a new person; false (and nothing changes) when the row exists.</summary>
    public async Task<bool> TryAddAsync(PersonRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await MoveEarlierLayoutAsync(record.ReallocationId, cancellationToken).ConfigureAwait(false);
        try
        {
            Interlocked.Increment(ref _requests);
            await table.AddEntityAsync(ToEntity(record), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Replaces a person if the row is still the version read; returns the new version, or null (and nothing changes) when someone changed or removed it since.</summary>
    public async Task<ETag?> TryReplaceAsync(PersonRecord record, ETag readVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await MoveEarlierLayoutAsync(record.ReallocationId, cancellationToken).ConfigureAwait(false);
        try
        {
            Interlocked.Increment(ref _requests);
            return (await table.UpdateEntityAsync(ToEntity(record), readVersion, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false)).Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Stores a person whatever is stored under the row: for rows nobody else writes (tests' setups). A change of a row
    /// read goes over its version (<see cref="TryReplaceAsync"/>, <see cref="ChangeAllAsync"/>).
    /// </summary>
    public async Task PutAsync(PersonRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await MoveEarlierLayoutAsync(record.ReallocationId, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _requests);
        await table.UpsertEntityAsync(ToEntity(record), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores many people, each whatever is stored under the row, as entity transactions of up to 100 rows of one
    /// reallocation: each transaction all or nothing, so an activity stopped part-way and run again writes the rest.
    /// Only for rows nobody else writes (tests' and benchmarks' setups): a change of rows read goes over their versions
    /// (<see cref="ChangeAllAsync"/>), or an office correction written meanwhile is lost.
    /// </summary>
    /// <param name="records">The people.</param>
    /// <param name="concurrency">Kept for the callers of <see cref="RecordTable{T}.PutAllAsync"/>: transactions go a few at a time whatever it says.</param>
    /// <param name="cancellationToken">Cancels.</param>
    public async Task PutAllAsync(IEnumerable<PersonRecord> records, int concurrency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        _ = concurrency;
        // The last write of a person wins, as one upsert after another would; a transaction may not name a row twice.
        var batches = new List<List<TableEntity>>();
        foreach (var reallocation in records.GroupBy(r => r.ReallocationId, StringComparer.Ordinal))
        {
            List<TableEntity> batch = [];
            long bytes = 0;
            foreach (var record in reallocation.GroupBy(r => r.Participant.StaffId, StringComparer.Ordinal).Select(p => p.Last()))
            {
                var entity = ToEntity(record, out int chars);
                // A transaction's body holds at most 4 MiB: rows of long traces fill it before 100 rows do.
                if (batch.Count == TransactionRows || (batch.Count > 0 && bytes + (chars * 3L) > TransactionBytes))
                {
                    batches.Add(batch);
                    (batch, bytes) = ([], 0);
                }

                batch.Add(entity);
                bytes += chars * 3L;
            }

            if (batch.Count > 0)
            {
                batches.Add(batch);
            }
        }

        if (batches.Count == 0)
        {
            return;
        }

        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        foreach (string reallocationId in batches.Select(b => b[0].PartitionKey).Distinct(StringComparer.Ordinal))
        {
            await MoveEarlierLayoutAsync(reallocationId, cancellationToken).ConfigureAwait(false);
        }

        // A failed transaction stops new ones, not those already sent: cancelled while awaited, one could still land after
        // the failure is reported, so what a retry finds stored would still be changing.
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = TransactionConcurrency, CancellationToken = cancellationToken }, async (batch, _) =>
        {
            Interlocked.Increment(ref _requests);
            await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces many people, each only if its row is still the version read (<see cref="Versioned{T}.ETag"/>), as entity
    /// transactions of up to 100 rows: a transaction refused for one changed row writes none of its rows, which are then
    /// replaced one by one, each still on its own version. Returns the staff ids of the rows changed or removed since they
    /// were read, none of which was written.
    /// </summary>
    public async Task<IReadOnlyList<string>> TryReplaceAllAsync(IEnumerable<Versioned<PersonRecord>> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var batches = new List<List<(TableEntity Entity, Versioned<PersonRecord> Read)>>();
        foreach (var reallocation in records.GroupBy(r => r.Record.ReallocationId, StringComparer.Ordinal))
        {
            List<(TableEntity, Versioned<PersonRecord>)> batch = [];
            long bytes = 0;
            // One version read per person: a transaction may not name a row twice.
            foreach (var read in reallocation.GroupBy(r => r.Record.Participant.StaffId, StringComparer.Ordinal).Select(p => p.Last()))
            {
                var entity = ToEntity(read.Record, out int chars);
                entity.ETag = read.ETag;
                if (batch.Count == TransactionRows || (batch.Count > 0 && bytes + (chars * 3L) > TransactionBytes))
                {
                    batches.Add(batch);
                    (batch, bytes) = ([], 0);
                }

                batch.Add((entity, read));
                bytes += chars * 3L;
            }

            if (batch.Count > 0)
            {
                batches.Add(batch);
            }
        }

        if (batches.Count == 0)
        {
            return [];
        }

        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        foreach (string reallocationId in batches.Select(b => b[0].Entity.PartitionKey).Distinct(StringComparer.Ordinal))
        {
            await MoveEarlierLayoutAsync(reallocationId, cancellationToken).ConfigureAwait(false);
        }

        var changed = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = TransactionConcurrency, CancellationToken = cancellationToken }, async (batch, _) =>
        {
            try
            {
                Interlocked.Increment(ref _requests);
                await table.SubmitTransactionAsync(batch.Select(b => new TableTransactionAction(TableTransactionActionType.UpdateReplace, b.Entity, b.Read.ETag)), cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 404)
            {
                // Nothing of the transaction was written: each row again on its own version, the changed ones left as they are.
                foreach (var (_, read) in batch)
                {
                    if (await TryReplaceAsync(read.Record, read.ETag, cancellationToken).ConfigureAwait(false) is null)
                    {
                        changed.Add(read.Record.Participant.StaffId);
                    }
                }
            }
        }).ConfigureAwait(false);
        return [.. changed.Order(StringComparer.Ordinal)];
    }

    /// <summary>How many times <see cref="ChangeAllAsync"/> reads and computes again when rows changed under it before it gives up (and the activity is retried).</summary>
    public const int ChangePasses = 5;

    /// <summary>What one pass of <see cref="ChangeAllAsync"/> decided.</summary>
    /// <param name="Writes">The people to write, each as changed over the version read (a row already right may be among them: it is not written).</param>
    /// <param name="InputsChanged">
    /// Asked once the pass has written: whether something else it read (not a person's row, e.g. the points sheet) changed
    /// since, so that everyone is read and computed again. None: only the people's rows are read.
    /// </param>
    public sealed record ChangePass(IReadOnlyList<Versioned<PersonRecord>> Writes, Func<CancellationToken, Task<bool>>? InputsChanged = null);

    /// <summary>
    /// A read-modify-write of a reallocation's people that overwrites nobody else's write: reads everyone with their
    /// versions, lets <paramref name="change"/> decide the rows to write, and writes each only over the version read
    /// (<see cref="TryReplaceAllAsync"/>); a row changed in between (an office correction, an answer recorded, another
    /// try of the same activity) is not written but read again with everyone else, and the change computed again, until
    /// a pass finds nothing changed under it. A row the change leaves as stored is not written, so an activity run again
    /// after a crash writes only what the first try did not.
    /// </summary>
    /// <param name="reallocationId">The reallocation.</param>
    /// <param name="what">The change in words, for the error after <see cref="ChangePasses"/> passes.</param>
    /// <param name="change">One pass: from everyone as read, the rows to write.</param>
    /// <param name="beforeWrite">Runs between each pass's reads and its write: a test's seam, null in the app.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The staff ids of the rows written, by any pass.</returns>
    public async Task<IReadOnlySet<string>> ChangeAllAsync(
        string reallocationId, string what, Func<List<Versioned<PersonRecord>>, CancellationToken, Task<ChangePass>> change, Func<CancellationToken, Task>? beforeWrite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var written = new HashSet<string>(StringComparer.Ordinal);
        for (int pass = 1; ; pass++)
        {
            var people = await OfVersionedAsync(reallocationId, cancellationToken).ConfigureAwait(false);
            var stored = people.ToDictionary(p => p.Record.Participant.StaffId, p => p.Record, StringComparer.Ordinal);
            var decided = await change(people, cancellationToken).ConfigureAwait(false);
            var writes = decided.Writes.Where(w => !stored.TryGetValue(w.Record.Participant.StaffId, out var was) || !Same(was, w.Record)).ToList();
            if (beforeWrite is not null)
            {
                await beforeWrite(cancellationToken).ConfigureAwait(false);
            }

            var stale = await TryReplaceAllAsync(writes, cancellationToken).ConfigureAwait(false);
            written.UnionWith(writes.Select(w => w.Record.Participant.StaffId).Except(stale, StringComparer.Ordinal));
            bool inputsChanged = decided.InputsChanged is { } changed && await changed(cancellationToken).ConfigureAwait(false);
            if (stale.Count == 0 && !inputsChanged)
            {
                return written;
            }

            if (pass == ChangePasses)
            {
                throw new InvalidOperationException(
                    $"{reallocationId}: what {what} read changed under each of its {ChangePasses} passes ({stale.Count} rows changed in the last{(inputsChanged ? ", and its other inputs" : string.Empty)}); the activity is retried.");
            }
        }
    }

    // Whether two records store as the same row (record equality compares lists by reference, so it would call every
    // person with a trace changed).
    private static bool Same(PersonRecord a, PersonRecord b) =>
        string.Equals(JsonSerializer.Serialize(a, RecordSize.Json), JsonSerializer.Serialize(b, RecordSize.Json), StringComparison.Ordinal);

    /// <summary>Everyone of a reallocation with the version of their row: one partition, read page by page.</summary>
    public async Task<List<Versioned<PersonRecord>>> OfVersionedAsync(string reallocationId, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await MoveEarlierLayoutAsync(reallocationId, cancellationToken).ConfigureAwait(false);
        var found = new List<Versioned<PersonRecord>>();
        await foreach (var page in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {reallocationId}"), select: [JsonColumn], cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
        {
            Interlocked.Increment(ref _requests);
            found.AddRange(page.Values.Select(row => new Versioned<PersonRecord>(FromEntity(row), row.ETag)));
        }

        return found;
    }

    /// <summary>Everyone of a reallocation whose staff id is in [first, last] (both null: everyone): one partition, read page by page.</summary>
    public async Task<List<PersonRecord>> OfAsync(string reallocationId, string? first, string? last, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await MoveEarlierLayoutAsync(reallocationId, cancellationToken).ConfigureAwait(false);
        string filter = first is null || last is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {reallocationId}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {reallocationId} and RowKey ge {first} and RowKey le {last}");
        var found = new List<PersonRecord>();
        // Only the record: the copied columns are for filters made by hand, not needed to rebuild it.
        await foreach (var page in table.QueryAsync<TableEntity>(filter, select: [JsonColumn], cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
        {
            Interlocked.Increment(ref _requests);
            found.AddRange(page.Values.Select(FromEntity));
        }

        return found;
    }

    // Once per reallocation and table object: the earlier layout's rows of that reallocation move here, each added only
    // if absent (a row already here was written after the move began and is newer) and deleted there once it is here,
    // so a move stopped part-way is finished by the next one and never overwrites anything.
    // Not RecordTable's old-key move (Storage/RecordTable.LegacyRows.cs), which moves one record within its partition in
    // one transaction when read: these rows are in another table, beyond any transaction, and a reallocation is read as
    // a whole partition, so all of its rows must be here before its first query.
    private async Task MoveEarlierLayoutAsync(string reallocationId, CancellationToken cancellationToken)
    {
        if (earlierLayout is null || _moved.ContainsKey(reallocationId))
        {
            return;
        }

        var rows = new List<TableEntity>();
        try
        {
            await foreach (var page in earlierLayout.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"ReallocationId eq {reallocationId}"), cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
            {
                Interlocked.Increment(ref _requests);
                rows.AddRange(page.Values);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No table of the earlier layout: nothing to move.
        }

        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (row, token) =>
        {
            try
            {
                Interlocked.Increment(ref _requests);
                await table.AddEntityAsync(ToEntity(FromEntity(row)), token).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Already here, and newer.
            }

            try
            {
                Interlocked.Increment(ref _requests);
                await earlierLayout.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, token).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Deleted by a move running at the same time.
            }
        }).ConfigureAwait(false);
        _moved[reallocationId] = true;
    }

    private static (string Partition, string Row) KeyOf(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        int colon = id.LastIndexOf(':');
        return colon > 0 ? (id[..colon], id[(colon + 1)..]) : throw new ArgumentException($"'{id}' is not a person's row id.", nameof(id));
    }

    private static PersonRecord FromEntity(TableEntity row) =>
        JsonSerializer.Deserialize<PersonRecord>(row.GetString(JsonColumn), RecordSize.Json)
        ?? throw new InvalidDataException($"Row {row.PartitionKey}/{row.RowKey} of the people holds no record.");

    private static TableEntity ToEntity(PersonRecord record) => ToEntity(record, out _);

    private static TableEntity ToEntity(PersonRecord record, out int chars)
    {
        string json = JsonSerializer.Serialize(record, RecordSize.Json);
        if (json.Length > RecordSize.MaxJsonChars)
        {
            throw new InvalidOperationException($"Record '{record.Id}' is {json.Length} characters; a table row holds at most {RecordSize.MaxJsonChars}.");
        }

        chars = json.Length;
        return new TableEntity(record.ReallocationId, record.Participant.StaffId)
        {
            [JsonColumn] = json,
            ["ReallocationId"] = record.ReallocationId,
            ["SchoolId"] = record.Participant.SchoolId,
            ["Round"] = record.Placement?.Round.ToString() ?? (record.Unplaced is null ? string.Empty : nameof(Round.Unplaced)),
        };
    }

    private async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            _created = true;
        }
    }
}
