namespace EduFlows.Durable;

/// <summary>Which finished instances to purge.</summary>
/// <param name="CreatedFrom">Created at or after.</param>
/// <param name="CreatedTo">Created at or before.</param>
/// <param name="Statuses">Only these statuses; by default every finished status. Active instances are never purged.</param>
public sealed record PurgeInstancesFilter(DateTimeOffset? CreatedFrom = null, DateTimeOffset? CreatedTo = null, IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses = null);
