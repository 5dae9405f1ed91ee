namespace EduFlows.Processes.OpenSelection.Office;

/// <summary>A candidate as the selection's office page shows them: scores, place, inspection, notice and result.</summary>
/// <param name="StaffId">The candidate.</param>
/// <param name="Name">Their name.</param>
/// <param name="Post">The post applied for.</param>
/// <param name="Written">The written-test score; null when absent.</param>
/// <param name="Interview">The interview's trimmed mean; null before scoring or when absent.</param>
/// <param name="Total">The weighted total.</param>
/// <param name="Rank">The rank on the post's list.</param>
/// <param name="Standing">Where they stand, in words (拟任、后备、未入选、缺考、取消资格).</param>
/// <param name="Inspection">The inspection's outcome in words, or null before it.</param>
/// <param name="NoticeEnds">The last day of the notice they are on, or null.</param>
/// <param name="Appointed">Whether appointed.</param>
/// <param name="AwaitingInspection">Whether their inspection is still to be recorded.</param>
public sealed record SelectionCandidateRow(
    string StaffId, string Name, string Post, decimal? Written, decimal? Interview, decimal? Total, int? Rank, string Standing, string? Inspection, DateOnly? NoticeEnds, bool Appointed, bool AwaitingInspection);
