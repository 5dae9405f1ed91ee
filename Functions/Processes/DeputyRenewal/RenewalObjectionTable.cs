using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using EduFlows.Storage;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>
/// The objections of every school's round: one partition per school's round (<see cref="RenewalRecord.Id"/>), one row
/// per objection keyed by its number, the whole objection as JSON and the round copied out for the round's query.
/// </summary>
/// <remarks>
/// Issue 21: a round took in up to <see cref="DeputyRenewal.MaxObjectionEvents"/> objections, each of up to 600
/// characters with a note of up to 1,000, and kept them all in the record's one row, which holds 32K characters: about
/// 50 of the longest filled it. A row per objection holds one at most, so the record keeps neither (the store counts the rows when it reads it).
/// </remarks>
public sealed class RenewalObjectionTable(TableClient table)
{
    private const string JsonColumn = "Json";
    private static readonly JsonSerializerOptions Json = RecordSize.Json;
    private volatile bool _created;

    /// <summary>Stores an objection whatever is stored under its number (the same when an activity runs twice).</summary>
    public async Task PutAsync(RenewalObjectionFinding objection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objection);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(ToEntity(objection), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores several objections of one school's round in one transaction (at most 100).</summary>
    public async Task PutAllAsync(IReadOnlyList<RenewalObjectionFinding> objections, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objections);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in objections.Chunk(100))
        {
            await table.SubmitTransactionAsync([.. chunk.Select(o => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(o)))], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The objection as stored under its run and number (<paramref name="objection"/>'s row); null when none is.</summary>
    public async Task<RenewalObjectionFinding?> GetAsync(RenewalObjectionFinding objection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objection);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(objection.RecordId, RowKeyOf(objection.Run, objection.Number), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? Read(row.Value!) : null;
    }

    /// <summary>A school's round's objections, by number; those of every run of its id (<see cref="RenewalObjectionFinding.Run"/> tells them apart).</summary>
    public Task<List<RenewalObjectionFinding>> OfRecordAsync(string recordId, CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {recordId}"), cancellationToken);

    /// <summary>Every school's objections in a round, by school and number.</summary>
    public Task<List<RenewalObjectionFinding>> OfRoundAsync(string roundId, CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter($"RoundId eq {roundId}"), cancellationToken);

    /// <summary>The row key of an objection of a first run: its number, zero-padded so rows sort in the order received.</summary>
    public static string RowKeyOf(int number) => number.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>The row key of an objection: of a run started again (<see cref="RenewalRun.Key"/>) its run and number, so the earlier run's row under the same number stays the earlier run's.</summary>
    public static string RowKeyOf(string? run, int number) => run is null ? RowKeyOf(number) : $"{run}-{RowKeyOf(number)}";

    private async Task<List<RenewalObjectionFinding>> QueryAsync(string filter, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var found = new List<RenewalObjectionFinding>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            found.Add(Read(row));
        }

        return found;
    }

    private static RenewalObjectionFinding Read(TableEntity row) =>
        JsonSerializer.Deserialize<RenewalObjectionFinding>(row.GetString(JsonColumn), Json)
            ?? throw new InvalidDataException($"Row {row.PartitionKey}/{row.RowKey} of the objections holds no objection.");

    private static TableEntity ToEntity(RenewalObjectionFinding objection) => new(objection.RecordId, RowKeyOf(objection.Run, objection.Number))
    {
        [JsonColumn] = JsonSerializer.Serialize(objection, Json),
        ["RoundId"] = objection.RoundId,
    };

    private async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            _created = true;
        }
    }
}
