namespace EduFlows.Durable;

/// <summary>How many instances a purge removed.</summary>
public sealed record PurgeResult(int PurgedInstanceCount);
