using EduFlows.Scoring;

namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>Ranks a contest's scored cases and gives the awards (pure rules, no I/O).</summary>
public static class ContestRanking
{
    /// <summary>The award names, best first.</summary>
    public static readonly IReadOnlyList<string> AwardNames = ["一等奖", "二等奖", "三等奖"];

    /// <summary>
    /// Combines the panel's scores with the contest's rule (the shared <see cref="ScoringPanel"/>), ranks the cases
    /// (equal scores share a rank) and gives awards by rank: ranks 1..first get 一等奖, the next second ranks 二等奖, the
    /// next third ranks 三等奖. Cases sharing a rank share the award of that rank. Unscored cases get no rank.
    /// </summary>
    public static (IReadOnlyList<ContestAward> Results, PanelOutcome Outcome) Rank(IReadOnlyList<ContestEntry> entries, IReadOnlyList<JudgeScore> scores, CaseContest contest)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(contest);
        var outcome = ScoringPanel.Combine([.. entries.Select(e => e.Code)], scores, contest.MaxPoints, contest.Rule);
        var scored = outcome.Candidates.Where(c => c.Score is not null).ToList();
        var results = new List<ContestAward>();
        foreach (var entry in entries)
        {
            var combined = outcome.Candidates.First(c => c.CandidateId == entry.Code);
            int? rank = combined.Score is { } s ? 1 + scored.Count(o => o.Score > s) : null;
            results.Add(new ContestAward(entry.Code, entry.Title, entry.AuthorId, entry.AuthorName, entry.SchoolName, combined.Score, combined.Judges, rank, rank is { } r ? AwardOf(r, contest.Awards) : null));
        }

        return ([.. results.OrderBy(r => r.Rank ?? int.MaxValue).ThenBy(r => r.Code, StringComparer.Ordinal)], outcome);
    }

    private static string? AwardOf(int rank, AwardTiers tiers) =>
        rank <= tiers.First ? AwardNames[0]
        : rank <= tiers.First + tiers.Second ? AwardNames[1]
        : rank <= tiers.First + tiers.Second + tiers.Third ? AwardNames[2]
        : null;
}
