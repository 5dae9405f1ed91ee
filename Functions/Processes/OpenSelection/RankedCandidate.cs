namespace EduFlows.Processes.OpenSelection;

/// <summary>One candidate's place on their post's list.</summary>
/// <param name="StaffId">The candidate.</param>
/// <param name="PostId">The post.</param>
/// <param name="Total">The weighted total; null when absent.</param>
/// <param name="Rank">1 for the first on the post's list; null when absent or removed.</param>
/// <param name="Standing">Proposed, reserve, not selected, absent or removed.</param>
/// <param name="RemovedBecause">Why removed (Chinese), for <see cref="Standing.Removed"/>.</param>
public sealed record RankedCandidate(string StaffId, string PostId, decimal? Total, int? Rank, Standing Standing, string? RemovedBecause = null);
