using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using EduFlows.Storage;

namespace EduFlows.Processes.DeputyRenewal;

/// <summary>
/// Every objection the API accepted during a school's notice, kept before its event is raised (issue 16): one partition
/// per school's round (<see cref="RenewalRecord.Id"/>), one row per objection, a repeat (<see cref="RenewalObjection.Repeats(RenewalObjection)"/>)
/// on the same row. A round of <see cref="DeputyRenewal.PicksUpReceivedSince"/> on reads them as its notice ends and
/// looks into each one its events did not bring in time (raced with the notice's end, or past the events' bound), so an
/// objection answered 202 is always decided.
/// </summary>
public sealed class RenewalReceivedObjections(TableClient table)
{
    private const string JsonColumn = "Json";
    private static readonly JsonSerializerOptions Json = RecordSize.Json;
    private volatile bool _created;

    /// <summary>Keeps an objection as received (trimmed); a repeat of one kept keeps the first.</summary>
    public async Task KeepAsync(string recordId, RenewalObjection objection, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objection);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var kept = new Received(objection.AgainstStaffId?.Trim(), objection.Objector?.Trim(), objection.Reason?.Trim(), receivedAt);
        try
        {
            await table.AddEntityAsync(new TableEntity(recordId, RowKeyOf(kept.Objection)) { [JsonColumn] = JsonSerializer.Serialize(kept, Json) }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // The same objection, kept already (a form posted twice): one row.
        }
    }

    /// <summary>A school's round's received objections, in the order received.</summary>
    public async Task<List<RenewalObjection>> OfRecordAsync(string recordId, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var found = new List<(Received Kept, string Key)>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {recordId}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            found.Add((JsonSerializer.Deserialize<Received>(row.GetString(JsonColumn), Json) ?? throw new InvalidDataException($"Row {row.PartitionKey}/{row.RowKey} of the received objections holds none."), row.RowKey));
        }

        return [.. found.OrderBy(f => f.Kept.ReceivedAt).ThenBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Kept.Objection)];
    }

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

    private sealed record Received(string? AgainstStaffId, string? Objector, string? Reason, DateTimeOffset ReceivedAt)
    {
        public RenewalObjection Objection => new(AgainstStaffId, Objector, Reason);
    }
}
