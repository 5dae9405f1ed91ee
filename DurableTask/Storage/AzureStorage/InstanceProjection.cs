using DurableTask.Core;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace EduFlows.DurableTask.Storage.AzureStorage;

/// <summary>
/// The instances table: one row per instance (partition key = instance id) for queries. It trails the state row
/// and is repaired from it; reads by id always go to the state row.
/// </summary>
internal sealed class InstanceProjection(TableClient table, int blobThresholdBytes)
{
    public async Task UpsertAsync(OrchestrationInstanceState state, long version, CancellationToken cancellationToken)
    {
        var row = new TableEntity(state.InstanceId, string.Empty)
        {
            ["Name"] = state.Name,
            ["Status"] = state.Status.ToString(),
            ["ExecutionId"] = state.ExecutionId,
            ["CreatedAt"] = state.CreatedAt,
            ["LastUpdatedAt"] = state.LastUpdatedAt,
            ["ScheduledStartAt"] = state.ScheduledStartAt,
            ["Version"] = version,
            ["OrchestrationVersion"] = state.Version,
        };

        // Large inputs and outputs are not copied again: a query reads them from the state row.
        bool large = false;
        foreach (var (name, value) in new[] { ("Input", state.Input), ("Output", state.Output), ("CustomStatus", state.CustomStatus), ("FailureDetails", StorageJson.Serialize(state.FailureDetails)) })
        {
            if (value is not null && Encoding.UTF8.GetByteCount(value) > blobThresholdBytes)
            {
                large = true;
            }
            else
            {
                row[name] = value;
            }
        }

        row["Large"] = large;
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether the row shows what the last commit that changed them left: status, execution and custom status. The
    /// commit path writes the row only when one of those changes, so a row that trails in anything else is current.
    /// </summary>
    public async Task<Func<OrchestrationInstanceState, bool>> ReadCurrencyAsync(string instanceId, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(instanceId, string.Empty, CurrencyColumns, cancellationToken).ConfigureAwait(false);
        return response.HasValue ? CurrencyOf(response.Value!) : _ => false;
    }

    /// <summary>
    /// The rows of instances not finished by the row's account (pending, running, suspended), each with its currency
    /// test: a worker killed between a step's commit and its row write left such a row behind the state for good.
    /// </summary>
    public async Task<IReadOnlyList<(string InstanceId, Func<OrchestrationInstanceState, bool> IsCurrent)>> FindUnfinishedAsync(CancellationToken cancellationToken)
    {
        string filter = string.Join(" or ", new[] { OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.ContinuedAsNew, OrchestrationStatus.Suspended }
            .Select(s => TableClient.CreateQueryFilter($"Status eq {s.ToString()}")));
        var rows = new List<(string, Func<OrchestrationInstanceState, bool>)>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", .. CurrencyColumns], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add((row.PartitionKey, CurrencyOf(row)));
        }

        return rows;
    }

    private static readonly string[] CurrencyColumns = ["Status", "ExecutionId", "CustomStatus", "Large"];

    private Func<OrchestrationInstanceState, bool> CurrencyOf(TableEntity row)
    {
        return state =>
            row.GetString("Status") == state.Status.ToString()
            && row.GetString("ExecutionId") == state.ExecutionId
            && (row.GetString("CustomStatus") == state.CustomStatus
                || (row.GetBoolean("Large") == true && row.GetString("CustomStatus") is null && state.CustomStatus is not null
                    && Encoding.UTF8.GetByteCount(state.CustomStatus) > blobThresholdBytes));
    }

    public Task DeleteAsync(string instanceId, CancellationToken cancellationToken) =>
        table.DeleteEntityAsync(instanceId, string.Empty, ETag.All, cancellationToken);

    /// <summary>One page, in instance-id order; <paramref name="readLarge"/> fetches the state of rows whose payloads live there.</summary>
    public async Task<InstancePage> QueryAsync(
        InstanceQuery query, Func<string, Task<OrchestrationInstanceState?>> readLarge, CancellationToken cancellationToken)
    {
        var page = new List<OrchestrationInstanceState>(query.PageSize);
        bool more = false;
        await foreach (var row in table.QueryAsync<TableEntity>(Filter(query), maxPerPage: Math.Min(1000, query.PageSize + 1), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (page.Count == query.PageSize)
            {
                more = true;
                break;
            }

            var state = row.GetBoolean("Large") == true ? await readLarge(row.PartitionKey).ConfigureAwait(false) : ToState(row);
            if (state is not null && query.Matches(state))
            {
                page.Add(state);
            }
        }

        return new InstancePage(page, more ? page[^1].InstanceId : null);
    }

    private static string Filter(InstanceQuery query)
    {
        var parts = new List<string>();
        if (query.InstanceIdPrefix is { Length: > 0 } prefix)
        {
            parts.Add(TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {UpperBound(prefix)}"));
        }

        if (query.ContinuationToken is { } after)
        {
            parts.Add(TableClient.CreateQueryFilter($"PartitionKey gt {after}"));
        }

        if (query.Statuses.Count > 0)
        {
            var statuses = query.Statuses.Select(s => s.ToString()).ToList();
            if (query.Statuses.Contains(OrchestrationStatus.Running))
            {
                statuses.Add(nameof(OrchestrationStatus.ContinuedAsNew));
            }

            parts.Add("(" + string.Join(" or ", statuses.Select(s => TableClient.CreateQueryFilter($"Status eq {s}"))) + ")");
        }

        if (query.CreatedFrom is { } from)
        {
            parts.Add(TableClient.CreateQueryFilter($"CreatedAt ge {from}"));
        }

        if (query.CreatedTo is { } to)
        {
            parts.Add(TableClient.CreateQueryFilter($"CreatedAt le {to}"));
        }

        return parts.Count == 0 ? string.Empty : string.Join(" and ", parts);
    }

    // The smallest string greater than every string with this prefix.
    private static string UpperBound(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    private static OrchestrationInstanceState ToState(TableEntity row) => new()
    {
        InstanceId = row.PartitionKey,
        Name = row.GetString("Name"),
        Version = row.GetString("OrchestrationVersion"),
        ExecutionId = row.GetString("ExecutionId"),
        Status = Enum.Parse<OrchestrationStatus>(row.GetString("Status")),
        CreatedAt = row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        LastUpdatedAt = row.GetDateTimeOffset("LastUpdatedAt") ?? DateTimeOffset.MinValue,
        ScheduledStartAt = row.GetDateTimeOffset("ScheduledStartAt"),
        Input = row.GetString("Input"),
        Output = row.GetString("Output"),
        CustomStatus = row.GetString("CustomStatus"),
        FailureDetails = StorageJson.Deserialize<global::DurableTask.Core.FailureDetails>(row.GetString("FailureDetails")),
    };
}
