using System.Globalization;
using Azure;
using Azure.Data.Tables;
using EduFlows.Hosting;
using EduFlows.Storage;

namespace EduFlows.AuditLog;

/// <summary>
/// The tamper-evident, append-only log (table <c>{hub}Audit</c>): one partition per stream; entry rows
/// ("e000000000001"…), one row per caller's entry id ("i{id}", for idempotence) and a head row ("head": the last
/// sequence and hash). Each append writes the three in one transaction, the head guarded by its ETag, so concurrent
/// appends to a stream never fork the chain: the loser re-reads the head and tries again.
/// </summary>
/// <remarks>
/// Tamper-evident against edits of the table, not against someone who rewrites every later hash and the head too:
/// keep <see cref="AuditVerification.LastHash"/> somewhere else (a report, a mail) to catch that.
/// </remarks>
public sealed class AuditLogStore(StorageAccount account, string hubName, TimeProvider time)
{
    /// <summary>The longest payload (JSON characters) accepted; a table string holds 32K characters.</summary>
    public const int MaxPayloadChars = 30_000;

    /// <summary>The longest kind, actor or subject accepted.</summary>
    public const int MaxTextChars = 500;

    private const string Head = "head";
    private const int MaxAttempts = 100;
    private volatile bool _created;

    /// <summary>The table (tests edit it directly to show that tampering is detected).</summary>
    public TableClient Table { get; } = account.Tables.GetTableClient(hubName + "Audit");

    /// <summary>Every problem with what a caller appends, named by field; empty when it can be appended.</summary>
    public static IReadOnlyList<FieldError> Validate(AuditAppend append)
    {
        ArgumentNullException.ThrowIfNull(append);
        var errors = new List<FieldError>();
        foreach (var (field, id) in new[] { ("stream", append.Stream), ("entryId", append.EntryId) })
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                errors.Add(new(field, "is required.") { ReasonZh = "必填：须为不含 / \\ # ? 的标识。" });
            }
            else if (TableKey.Error(field, id) is { } unkeyable)
            {
                errors.Add(unkeyable);
            }
        }

        foreach (var (field, text) in new[] { ("kind", append.Kind), ("actor", append.Actor), ("subject", append.Subject) })
        {
            if (string.IsNullOrWhiteSpace(text) || text.Length > MaxTextChars)
            {
                errors.Add(new(field, $"is required, at most {MaxTextChars} characters.") { ReasonZh = $"必填，不超过 {MaxTextChars} 个字符。" });
            }
        }

        if (append.Payload is { } payload && (payload.Length > MaxPayloadChars || !IsJson(payload)))
        {
            errors.Add(new("payload", $"must be JSON of at most {MaxPayloadChars} characters.") { ReasonZh = $"须为不超过 {MaxPayloadChars} 个字符的 JSON。" });
        }

        return errors;
    }

    /// <summary>
    /// Appends an entry at the end of its stream and returns it; when the stream already has an entry with the same
    /// <see cref="AuditAppend.EntryId"/>, returns that one and appends nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The append is not valid (<see cref="Validate"/>).</exception>
    public async Task<AuditEntry> AppendAsync(AuditAppend append, CancellationToken cancellationToken)
    {
        if (Validate(append) is [var first, ..])
        {
            throw new ArgumentException($"{first.Field} {first.Reason}", nameof(append));
        }

        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        for (int attempt = 1; ; attempt++)
        {
            if (await FindAsync(append.Stream, append.EntryId, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return existing;
            }

            var head = await Table.GetEntityIfExistsAsync<TableEntity>(append.Stream, Head, cancellationToken: cancellationToken).ConfigureAwait(false);
            long sequence = head.HasValue ? head.Value!.GetInt64("Sequence")!.Value + 1 : 1;
            string previous = head.HasValue ? head.Value!.GetString("Hash") : AuditChain.Genesis;
            var unhashed = new AuditEntry(append.Stream, sequence, append.EntryId, append.Kind, append.Actor, append.Subject, append.Payload, time.GetUtcNow().ToUniversalTime(), previous, "");
            var entry = unhashed with { Hash = AuditChain.HashOf(previous, unhashed) };
            var newHead = new TableEntity(append.Stream, Head) { ["Sequence"] = sequence, ["Hash"] = entry.Hash };
            List<TableTransactionAction> actions =
            [
                new(TableTransactionActionType.Add, ToEntity(entry)),
                new(TableTransactionActionType.Add, new TableEntity(append.Stream, IdKey(append.EntryId)) { ["Sequence"] = sequence }),
                head.HasValue ? new(TableTransactionActionType.UpdateReplace, newHead, head.Value!.ETag) : new(TableTransactionActionType.Add, newHead),
            ];
            try
            {
                await Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return entry;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another append took this place (or this entry id) first: read the head again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * Math.Min(attempt, 20))), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The stream's entry with the caller's id; null when there is none.</summary>
    public async Task<AuditEntry?> FindAsync(string stream, string entryId, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var id = await Table.GetEntityIfExistsAsync<TableEntity>(stream, IdKey(entryId), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!id.HasValue)
        {
            return null;
        }

        var row = await Table.GetEntityIfExistsAsync<TableEntity>(stream, EntryKey(id.Value!.GetInt64("Sequence")!.Value), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    /// <summary>Up to <paramref name="max"/> entries of a stream from <paramref name="fromSequence"/> on, in order, as stored (unverified).</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string stream, long fromSequence, int max, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var found = new List<AuditEntry>();
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {stream} and RowKey ge {EntryKey(Math.Max(1, fromSequence))} and RowKey lt {"f"}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            found.Add(FromEntity(row));
            if (found.Count >= max)
            {
                break;
            }
        }

        return found;
    }

    /// <summary>The last <paramref name="max"/> entries of a stream (fewer when it has fewer), in order, as stored (unverified).</summary>
    public async Task<IReadOnlyList<AuditEntry>> LatestAsync(string stream, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var head = await Table.GetEntityIfExistsAsync<TableEntity>(stream, Head, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!head.HasValue || head.Value!.GetInt64("Sequence") is not { } last)
        {
            return [];
        }

        return await ListAsync(stream, Math.Max(1, last - max + 1), max, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Recomputes a stream's chain from its rows and names the first entry changed, missing or reordered.</summary>
    public async Task<AuditVerification> VerifyAsync(string stream, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<TableEntity>();
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {stream} and RowKey ge {"e"} and RowKey lt {"f"}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        var head = await Table.GetEntityIfExistsAsync<TableEntity>(stream, Head, cancellationToken: cancellationToken).ConfigureAwait(false);
        var problem = FirstProblem(rows, head.HasValue ? head.Value : null, out string? last);
        return new AuditVerification(stream, rows.Count, problem is null, problem, problem is null ? last : null);
    }

    private static AuditProblem? FirstProblem(List<TableEntity> rows, TableEntity? head, out string? lastHash)
    {
        lastHash = null;
        string previous = AuditChain.Genesis;
        long expected = 1;
        AuditEntry? before = null;
        foreach (var row in rows)
        {
            long place = long.Parse(row.RowKey.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture);
            if (place > expected)
            {
                return Missing(expected);
            }

            AuditEntry entry;
            try
            {
                entry = FromEntity(row);
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or NullReferenceException)
            {
                return new(place, null, "changed", $"第 {place} 条记录的字段被改动或删除。 Entry {place} has changed or missing columns.");
            }

            if (entry.Sequence != place)
            {
                return new(place, entry.EntryId, "reordered", $"第 {place} 条位置上是原第 {entry.Sequence} 条记录。 The row at {place} is entry {entry.Sequence}, moved.");
            }

            if (AuditChain.HashOf(entry.PreviousHash, entry) != entry.Hash)
            {
                return Changed(entry, "内容与其哈希不符", "its content does not match its hash");
            }

            if (entry.PreviousHash != previous)
            {
                // This entry is intact, so the one before it was rewritten with a new hash.
                return before is null
                    ? Changed(entry, "首条记录未接在链首", "the first entry does not start the chain")
                    : Changed(before, "其哈希与下一条记录所链接的不符", "its hash is not the one the next entry was chained to");
            }

            previous = entry.Hash;
            before = entry;
            expected++;
        }

        long count = expected - 1;
        if (head is null)
        {
            return count == 0 ? null : new(count, null, "missing", "链头记录缺失。 The head row is missing.");
        }

        long headSequence = head.GetInt64("Sequence") ?? 0;
        if (headSequence > count)
        {
            return Missing(count + 1);
        }

        if (headSequence < count || head.GetString("Hash") != previous)
        {
            return Changed(before!, "与链头记录不符", "it does not match the head row");
        }

        lastHash = previous;
        return null;
    }

    private static AuditProblem Missing(long sequence) =>
        new(sequence, null, "missing", $"第 {sequence} 条记录缺失（已被删除）。 Entry {sequence} is missing (deleted).");

    private static AuditProblem Changed(AuditEntry entry, string zh, string en) =>
        new(entry.Sequence, entry.EntryId, "changed", $"第 {entry.Sequence} 条记录（{entry.EntryId}）被改动：{zh}。 Entry {entry.Sequence} ({entry.EntryId}) has changed: {en}.");

    private static bool IsJson(string text)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static string EntryKey(long sequence) => "e" + sequence.ToString("D12", CultureInfo.InvariantCulture);

    private static string IdKey(string entryId) => "i" + entryId;

    private static TableEntity ToEntity(AuditEntry entry) => new(entry.Stream, EntryKey(entry.Sequence))
    {
        ["Sequence"] = entry.Sequence,
        ["EntryId"] = entry.EntryId,
        ["Kind"] = entry.Kind,
        ["Actor"] = entry.Actor,
        ["Subject"] = entry.Subject,
        ["Payload"] = entry.Payload,
        // As text: the hash covers the exact time, which a table's date column might round.
        ["At"] = entry.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["PreviousHash"] = entry.PreviousHash,
        ["Hash"] = entry.Hash,
    };

    private static AuditEntry FromEntity(TableEntity row) => new(
        row.PartitionKey,
        row.GetInt64("Sequence") ?? throw new InvalidOperationException("Sequence"),
        row.GetString("EntryId"),
        row.GetString("Kind"),
        row.GetString("Actor"),
        row.GetString("Subject"),
        row.GetString("Payload"),
        DateTimeOffset.Parse(row.GetString("At"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        row.GetString("PreviousHash"),
        row.GetString("Hash"));

    private async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await Table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            _created = true;
        }
    }
}
