namespace EduFlows.Processes.OpenSelection;

/// <summary>A candidate's stage scores on 100-point scales, as ranking takes them.</summary>
/// <param name="StaffId">The candidate.</param>
/// <param name="PostId">The post applied for.</param>
/// <param name="Written">The written test; null when absent.</param>
/// <param name="Interview">The interview's combined score; null when absent.</param>
/// <param name="Performance">The performance review; null when the selection has none.</param>
public sealed record CandidateScores(string StaffId, string PostId, decimal? Written, decimal? Interview, decimal? Performance = null);
