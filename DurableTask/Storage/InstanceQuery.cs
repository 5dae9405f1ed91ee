using DurableTask.Core;

namespace EduFlows.DurableTask.Storage;

/// <summary>A filtered, paged listing of instances, ordered by instance id.</summary>
public sealed record InstanceQuery
{
    /// <summary>Only these statuses; empty means any.</summary>
    public IReadOnlyCollection<OrchestrationStatus> Statuses { get; init; } = [];

    /// <summary>Created at or after.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Created at or before.</summary>
    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>Instance ids starting with this (ordinal).</summary>
    public string? InstanceIdPrefix { get; init; }

    /// <summary>The largest page.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>The token from the previous page.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>True when a state matches the filter (paging aside).</summary>
    public bool Matches(OrchestrationInstanceState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        // Between generations an instance counts as running, as clients see it.
        var status = state.Status == OrchestrationStatus.ContinuedAsNew ? OrchestrationStatus.Running : state.Status;
        return (Statuses.Count == 0 || Statuses.Contains(status))
            && (CreatedFrom is null || state.CreatedAt >= CreatedFrom)
            && (CreatedTo is null || state.CreatedAt <= CreatedTo)
            && (InstanceIdPrefix is null || state.InstanceId.StartsWith(InstanceIdPrefix, StringComparison.Ordinal));
    }
}
