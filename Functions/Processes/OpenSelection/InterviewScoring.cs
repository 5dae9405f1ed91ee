using EduFlows.Scoring;

namespace EduFlows.Processes.OpenSelection;

/// <summary>The interview's scoring rules on the shared scoring panels, and who may see which scores.</summary>
public static class InterviewScoring
{
    /// <summary>The panel rule: drop the highest and lowest score from 5 judges on; a judge 20 points off the others is flagged.</summary>
    public static readonly PanelRule Rule = new() { Combination = ScoreCombination.TrimmedMean, TrimFromJudges = 5, OutlierShare = 0.2m };

    /// <summary>Combines the panel's interview scores (100-point scale).</summary>
    public static PanelOutcome Combine(IReadOnlyList<string> candidates, IReadOnlyList<JudgeScore> scores) =>
        ScoringPanel.Combine(candidates, scores, 100m, Rule);

    /// <summary>
    /// The scores <paramref name="judgeId"/> may see for <paramref name="candidateId"/>: none until they have submitted
    /// their own, then every judge's (so nobody is swayed by scores they saw first).
    /// </summary>
    public static IReadOnlyList<JudgeScore> VisibleTo(string judgeId, string candidateId, IReadOnlyList<JudgeScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var forCandidate = scores.Where(s => s.CandidateId == candidateId).ToList();
        return forCandidate.Any(s => s.JudgeId == judgeId) ? forCandidate : [];
    }
}
