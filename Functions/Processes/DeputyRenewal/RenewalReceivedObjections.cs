using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using EduFlows.Storage;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>
/// Every objection the API accepted during a school's notice, kept before its event is raised (issue 16): one partition
/// per run of a school's round (<see cref="PartitionOf(RenewalRun)"/>: a round started again under the same id sees only
/// its own), one row per objection, a repeat (<see cref="RenewalObjection.Repeats(RenewalObjection)"/>) on the same row,
/// each with its <see cref="ReceivedObjectionIntake"/>, and the run's count of them, kept with each new row in one
/// transaction (<see cref="BoundedRows"/>), so the notice's bound is never passed.
/// </summary>
/// <remarks>
/// The round, as its notice ends, first marks the partition closed and then takes in every row still lodged or accepted
/// (<see cref="TakeInAsync"/>); the API, after keeping a row, settles it against the mark and the time (<see cref="SettleAsync"/>).
/// Both change a row only against the version they read, and whichever comes second sees the first's write: a row kept
/// before the mark is found by the round's read; one kept after it is refused by the API, unless the round took it first.
/// So an objection is either looked into or answered 410 (late), never answered 202 and left out.
/// </remarks>
public sealed class RenewalReceivedObjections(TableClient table)
{
    private const string JsonColumn = "Json";

    // The row the round writes as its notice ends, before it reads the others (objections' keys are 32 hex digits).
    private const string ClosedRow = "notice-closed";

    private static readonly JsonSerializerOptions Json = RecordSize.Json;
    private readonly BoundedRows _bounded = new(table);
    private volatile bool _created;

    /// <summary>
    /// The partition of a run's objections: the record's id and the run's <see cref="RenewalRun.Execution"/>; the record's
    /// id alone for a run started before runs had one (as its rows were kept).
    /// </summary>
    public static string PartitionOf(RenewalRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        string recordId = RenewalRecord.IdOf(run.RoundId, run.SchoolId);
        return run.Execution is { } execution ? $"{recordId}.{execution}" : recordId;
    }

    /// <summary>
    /// Keeps an objection as received (trimmed, <see cref="ReceivedObjectionIntake.Lodged"/>) unless the run already keeps
    /// <see cref="DeputyRenewal.MaxObjectionEvents"/>, atomically with the run's count (<see cref="BoundedRows"/>): two
    /// posts for the last place never both get it. A repeat of one kept keeps the first and takes no second place.
    /// </summary>
    /// <remarks>
    /// The count counts every row kept, a row later refused as late too: it is refused only once the notice has ended,
    /// when no post is kept any more. A run kept before it had a count is counted once from its rows (<see cref="CountAsync"/>).
    /// </remarks>
    /// <returns>How the objection's row stands, and whether it was kept before (a repeat); null (nothing kept) when the run holds its bound.</returns>
    public async Task<(ReceivedObjectionIntake Intake, bool Repeat)?> KeepAsync(string partition, RenewalObjection objection, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objection);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var kept = new Received(objection.AgainstStaffId?.Trim(), objection.Objector?.Trim(), objection.Reason?.Trim(), receivedAt) { Intake = ReceivedObjectionIntake.Lodged };
        switch (await _bounded.AddAsync(ToEntity(partition, kept), DeputyRenewal.MaxObjectionEvents, token => CountAsync(partition, token), cancellationToken).ConfigureAwait(false))
        {
            case BoundedAdd.Added:
                return (ReceivedObjectionIntake.Lodged, false);
            case BoundedAdd.Full:
                return null;
            default:
                // The same objection, kept already (a form posted twice): one row, as it stands.
                var row = await table.GetEntityAsync<TableEntity>(partition, RowKeyOf(kept.Objection), cancellationToken: cancellationToken).ConfigureAwait(false);
                return (Read(row.Value).Intake ?? ReceivedObjectionIntake.Lodged, true);
        }
    }

    /// <summary>How many objections of a run are kept and not refused (a run kept before it had a count starts it from these).</summary>
    public async Task<int> CountAsync(string partition, CancellationToken cancellationToken) =>
        (await KeptAsync(partition, cancellationToken).ConfigureAwait(false)).Count(k => k.Intake != ReceivedObjectionIntake.Refused);

    /// <summary>Whether the run's notice has ended for its kept objections: the round has begun taking them in.</summary>
    public async Task<bool> ClosedAsync(string partition, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return (await table.GetEntityIfExistsAsync<TableEntity>(partition, ClosedRow, cancellationToken: cancellationToken).ConfigureAwait(false)).HasValue;
    }

    /// <summary>
    /// Settles a kept objection as the API answers it, against the version read: one still lodged becomes
    /// <see cref="ReceivedObjectionIntake.Accepted"/> when the notice is open (<paramref name="noticeOpen"/>, read after it was
    /// kept) and the round has not begun taking objections in, else <see cref="ReceivedObjectionIntake.Refused"/>; one the
    /// round took in, or settled before, stays as it is.
    /// </summary>
    /// <returns>How it stands now: anything but <see cref="ReceivedObjectionIntake.Refused"/> is looked into.</returns>
    public async Task<ReceivedObjectionIntake> SettleAsync(string partition, RenewalObjection objection, bool noticeOpen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objection);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        string rowKey = RowKeyOf(Trimmed(objection));
        while (true)
        {
            // Read the row first, then the mark: a row still lodged with no mark is found by the round's read, which follows its mark.
            var row = (await table.GetEntityAsync<TableEntity>(partition, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            var kept = Read(row);
            if (kept.Intake is not (null or ReceivedObjectionIntake.Lodged))
            {
                return kept.Intake.Value;
            }

            var settled = noticeOpen && !await ClosedAsync(partition, cancellationToken).ConfigureAwait(false) ? ReceivedObjectionIntake.Accepted : ReceivedObjectionIntake.Refused;
            if (await TryReplaceAsync(partition, kept with { Intake = settled }, row.ETag, cancellationToken).ConfigureAwait(false))
            {
                return settled;
            }
        }
    }

    /// <summary>
    /// As the run's notice ends: marks it closed (the API keeps no more), then takes in every objection still lodged or
    /// accepted. Run again (a retry), it answers the same ones.
    /// </summary>
    /// <returns>Every objection of the run taken in, in the order received.</returns>
    public async Task<List<RenewalObjection>> TakeInAsync(string partition, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(partition, ClosedRow), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        var takenIn = new List<Received>();
        foreach (var (kept, etag) in await RowsAsync(partition, cancellationToken).ConfigureAwait(false))
        {
            var (row, version) = (kept, etag);
            while (row.Intake is (null or ReceivedObjectionIntake.Lodged or ReceivedObjectionIntake.Accepted)
                && !await TryReplaceAsync(partition, row with { Intake = ReceivedObjectionIntake.TakenIn }, version, cancellationToken).ConfigureAwait(false))
            {
                // The API settled it meanwhile: as it stands now.
                var again = (await table.GetEntityAsync<TableEntity>(partition, RowKeyOf(row.Objection), cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
                (row, version) = (Read(again), again.ETag);
            }

            if (row.Intake is not ReceivedObjectionIntake.Refused)
            {
                takenIn.Add(row);
            }
        }

        return [.. takenIn.OrderBy(r => r.ReceivedAt).ThenBy(r => RowKeyOf(r.Objection), StringComparer.Ordinal).Select(r => r.Objection)];
    }

    /// <summary>A run's kept objections with how each stands, in the order received.</summary>
    public async Task<List<(RenewalObjection Objection, ReceivedObjectionIntake Intake)>> KeptAsync(string partition, CancellationToken cancellationToken) =>
        [.. (await RowsAsync(partition, cancellationToken).ConfigureAwait(false))
            .OrderBy(r => r.Kept.ReceivedAt).ThenBy(r => RowKeyOf(r.Kept.Objection), StringComparer.Ordinal)
            .Select(r => (r.Kept.Objection, r.Kept.Intake ?? ReceivedObjectionIntake.Lodged))];

    private async Task<List<(Received Kept, ETag ETag)>> RowsAsync(string partition, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var found = new List<(Received, ETag)>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ne {ClosedRow} and RowKey ne {BoundedRows.CountRow}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            found.Add((Read(row), row.ETag));
        }

        return found;
    }

    private async Task<bool> TryReplaceAsync(string partition, Received kept, ETag version, CancellationToken cancellationToken)
    {
        try
        {
            await table.UpdateEntityAsync(ToEntity(partition, kept), version, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(string partition, Received kept) =>
        new(partition, RowKeyOf(kept.Objection)) { [JsonColumn] = JsonSerializer.Serialize(kept, Json) };

    private static Received Read(TableEntity row) =>
        JsonSerializer.Deserialize<Received>(row.GetString(JsonColumn), Json) ?? throw new InvalidDataException($"Row {row.PartitionKey}/{row.RowKey} of the received objections holds none.");

    private static RenewalObjection Trimmed(RenewalObjection objection) => new(objection.AgainstStaffId?.Trim(), objection.Objector?.Trim(), objection.Reason?.Trim());

    // The row of an objection: a hash of what makes it the same objection, so a repeat lands on the same row.
    private static string RowKeyOf(RenewalObjection objection) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{objection.AgainstStaffId}\n{objection.Objector}\n{objection.Reason}")))[..32];

    private async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            _created = true;
        }
    }

    // Intake null: kept before objections had a state, taken as lodged.
    private sealed record Received(string? AgainstStaffId, string? Objector, string? Reason, DateTimeOffset ReceivedAt)
    {
        public ReceivedObjectionIntake? Intake { get; init; }

        public RenewalObjection Objection => new(AgainstStaffId, Objector, Reason);
    }
}
