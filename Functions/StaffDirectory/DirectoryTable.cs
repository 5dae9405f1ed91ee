using EduFlows.Storage;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Microsoft.DurableTask;

namespace EduFlows.StaffDirectory;

/// <summary>
/// One kind of directory record in an Azure table: one partition, row key = id, one column per field (so filters work).
/// A field holding a list (a staff member's declared relatives) has no column type, so it is kept as JSON text in a
/// column named after it with <see cref="JsonSuffix"/>; a row without that column reads as the field absent.
/// </summary>
public sealed class DirectoryTable<T>(TableClient table, Func<T, string> idOf)
    where T : class
{
    private const string Partition = "d";
    private const string JsonSuffix = "_json";
    private static readonly HashSet<string> SystemColumns = ["PartitionKey", "RowKey", "Timestamp", "odata.etag"];
    private volatile bool _created;

    /// <summary>Reads one record.</summary>
    public async Task<T?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    /// <summary>Reads one record with the version it was read at, for a write that must not overwrite a newer one.</summary>
    public async Task<(T Record, ETag Version)?> GetVersionedAsync(string id, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? (FromEntity(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>Replaces one record only if it is still at <paramref name="version"/>; false when someone wrote it since (or deleted it).</summary>
    public async Task<bool> TryReplaceAsync(T record, ETag version, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await table.UpdateEntityAsync(ToEntity(record), version, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <summary>Deletes one record only if it is still at <paramref name="version"/>; false when someone wrote it since (or deleted it).</summary>
    public async Task<bool> TryDeleteAsync(string id, ETag version, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await table.DeleteEntityAsync(Partition, id, version, cancellationToken).ConfigureAwait(false);
            return response.Status != 404;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <summary>Creates or replaces one record; returns true when it was new.</summary>
    public async Task<bool> UpsertAsync(T record, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        bool existed = (await table.GetEntityIfExistsAsync<TableEntity>(Partition, idOf(record), ["RowKey"], cancellationToken).ConfigureAwait(false)).HasValue;
        await table.UpsertEntityAsync(ToEntity(record), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return !existed;
    }

    /// <summary>Deletes one record; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The SDK answers a missing entity with its 404 response rather than an exception.
            var response = await table.DeleteEntityAsync(Partition, id, ETag.All, cancellationToken).ConfigureAwait(false);
            return response.Status != 404;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    /// <summary>Every record matching column equalities, in id order.</summary>
    public async Task<List<T>> WhereAsync(IReadOnlyDictionary<string, object> equals, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        string? after = null;
        do
        {
            var (items, next) = await ListAsync(equals, 1000, after, cancellationToken).ConfigureAwait(false);
            all.AddRange(items);
            after = next;
        }
        while (after is not null);
        return all;
    }

    /// <summary>One page in id order, after <paramref name="after"/>, matching column equalities.</summary>
    public async Task<(IReadOnlyList<T> Items, string? Next)> ListAsync(
        IReadOnlyDictionary<string, object> equals, int pageSize, string? after, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var parts = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {Partition}") };
        if (after is not null)
        {
            parts.Add(TableClient.CreateQueryFilter($"RowKey gt {after}"));
        }

        foreach (var (column, value) in equals)
        {
            // Column names come from the API's fixed filter list; values are escaped.
            parts.Add(value is bool b ? $"{column} eq {(b ? "true" : "false")}" : $"{column} eq " + TableClient.CreateQueryFilter($"{value.ToString()}"));
        }

        var items = new List<T>(pageSize);
        bool more = false;
        await foreach (var row in table.QueryAsync<TableEntity>(string.Join(" and ", parts), maxPerPage: Math.Min(1000, pageSize + 1), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (items.Count == pageSize)
            {
                more = true;
                break;
            }

            items.Add(FromEntity(row));
        }

        return (items, more ? idOf(items[^1]) : null);
    }

    /// <summary>
    /// Every record whose id is from <paramref name="first"/> to <paramref name="last"/> (ordinal, both included), in id
    /// order: one query on the row keys, for a caller that needs a sorted run of ids (a batch of them) without the whole table.
    /// </summary>
    public async Task<List<T>> RangeAsync(string first, string last, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var found = new List<T>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {first} and RowKey le {last}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            found.Add(FromEntity(row));
        }

        return found;
    }

    /// <summary>Every record.</summary>
    public async Task<List<T>> AllAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var all = new List<T>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            all.Add(FromEntity(row));
        }

        return all;
    }

    /// <summary>Writes the records that are new or differ from what is stored; the same records twice change nothing.</summary>
    public async Task<ApplyResult> ApplyAsync(IReadOnlyCollection<T> records, CancellationToken cancellationToken)
    {
        var existing = (await AllAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(idOf, StringComparer.Ordinal);
        int created = 0, updated = 0;
        var writes = new List<TableTransactionAction>();
        foreach (var record in records)
        {
            if (!existing.TryGetValue(idOf(record), out var current))
            {
                created++;
            }
            else if (!Same(current, record))
            {
                updated++;
            }
            else
            {
                continue;
            }

            writes.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(record)));
        }

        foreach (var batch in writes.Chunk(100))
        {
            await table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        return new ApplyResult(created, updated, records.Count - created - updated);
    }

    /// <summary>Deletes every record (for reloading demo data).</summary>
    public async Task ClearAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            keys.Add(row.RowKey);
        }

        foreach (var batch in keys.Chunk(100))
        {
            await table.SubmitTransactionAsync(batch.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Partition, k), ETag.All)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>True when the table holds no record.</summary>
    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var _ in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        return true;
    }

    private static bool Same(T a, T b) => JsonSerializer.Serialize(a, RecordJson.Options) == JsonSerializer.Serialize(b, RecordJson.Options);

    private static T FromEntity(TableEntity row)
    {
        var json = new JsonObject();
        foreach (var (key, value) in row)
        {
            if (key.EndsWith(JsonSuffix, StringComparison.Ordinal) && value is string text)
            {
                json[key[..^JsonSuffix.Length]] = JsonNode.Parse(text);
            }
            else if (!SystemColumns.Contains(key) && value is not null)
            {
                json[key] = value switch
                {
                    string s => JsonValue.Create(s),
                    bool b => JsonValue.Create(b),
                    int i => JsonValue.Create(i),
                    long l => JsonValue.Create(l),
                    double d => JsonValue.Create(d),
                    _ => JsonValue.Create(value.ToString()),
                };
            }
        }

        return json.Deserialize<T>(RecordJson.Options)!;
    }

    private TableEntity ToEntity(T record)
    {
        var entity = new TableEntity(Partition, idOf(record));
        foreach (var (key, value) in JsonSerializer.SerializeToNode(record, RecordJson.Options)!.AsObject())
        {
            if (value is JsonValue v)
            {
                entity[key] = v.GetValueKind() switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Number => v.GetValue<double>() % 1 == 0 ? (object)v.GetValue<long>() : v.GetValue<double>(),
                    _ => v.GetValue<string>(),
                };
            }
            else if (value is not null)
            {
                entity[key + JsonSuffix] = value.ToJsonString(RecordJson.Options);
            }
        }

        return entity;
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

/// <summary>What applying a set of records did.</summary>
/// <param name="Created">New records.</param>
/// <param name="Updated">Records that changed.</param>
/// <param name="Unchanged">Records already stored as given.</param>
public sealed record ApplyResult(int Created, int Updated, int Unchanged);
