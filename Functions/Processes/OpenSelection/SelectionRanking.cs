namespace EduFlows.Processes.OpenSelection;

/// <summary>
/// Ranks each post's candidates by the published weights (pure, no I/O). Tie-breaks, in order: the higher interview
/// score, the higher written score, the higher performance review, then the staff id (so a tie never depends on input
/// order). The first <see cref="SelectionPost.Count"/> are proposed, the next <see cref="SelectionPost.Reserve"/> are
/// reserves; a removed candidate (an upheld objection, a failed inspection) leaves the list and the next moves up.
/// </summary>
public static class SelectionRanking
{
    /// <summary>The tie-breaks in Chinese, for the announcement and the report.</summary>
    public const string TieBreaksZh = "总成绩相同时，依次比较面试成绩、笔试成绩、业绩考评成绩，均相同时按人员编号排序";

    /// <summary>Ranks every candidate.</summary>
    /// <param name="posts">The posts.</param>
    /// <param name="weights">The published weights.</param>
    /// <param name="scores">Each candidate's stage scores.</param>
    /// <param name="removed">Candidates taken out, with the reason in Chinese.</param>
    public static IReadOnlyList<RankedCandidate> Rank(IReadOnlyList<SelectionPost> posts, StageWeights weights, IReadOnlyList<CandidateScores> scores, IReadOnlyDictionary<string, string> removed)
    {
        ArgumentNullException.ThrowIfNull(posts);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(removed);
        var result = new List<RankedCandidate>();
        var byPost = scores.ToLookup(s => s.PostId, StringComparer.Ordinal);
        foreach (var post in posts)
        {
            var present = new List<(CandidateScores Scores, decimal Total)>();
            foreach (var c in byPost[post.Id])
            {
                bool absent = c.Written is null || c.Interview is null || (weights.HasPerformanceReview && c.Performance is null);
                decimal? total = absent ? null : weights.Total(c.Written!.Value, c.Interview!.Value, c.Performance);
                if (removed.TryGetValue(c.StaffId, out string? why))
                {
                    result.Add(new RankedCandidate(c.StaffId, post.Id, total, null, Standing.Removed, why));
                }
                else if (total is null)
                {
                    result.Add(new RankedCandidate(c.StaffId, post.Id, null, null, Standing.Absent));
                }
                else
                {
                    present.Add((c, total.Value));
                }
            }

            var ordered = present
                .OrderByDescending(p => p.Total)
                .ThenByDescending(p => p.Scores.Interview)
                .ThenByDescending(p => p.Scores.Written)
                .ThenByDescending(p => p.Scores.Performance ?? 0)
                .ThenBy(p => p.Scores.StaffId, StringComparer.Ordinal)
                .ToList();
            for (int i = 0; i < ordered.Count; i++)
            {
                var standing = i < post.Count ? Standing.Proposed : i < post.Count + post.Reserve ? Standing.Reserve : Standing.NotSelected;
                result.Add(new RankedCandidate(ordered[i].Scores.StaffId, post.Id, ordered[i].Total, i + 1, standing));
            }
        }

        return result;
    }

    /// <summary>A standing's Chinese name.</summary>
    public static string StandingName(Standing standing) => standing switch
    {
        Standing.Proposed => "拟任",
        Standing.Reserve => "后备",
        Standing.NotSelected => "未入选",
        Standing.Absent => "缺考",
        _ => "取消资格",
    };
}
