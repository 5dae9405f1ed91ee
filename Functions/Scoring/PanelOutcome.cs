namespace EduFlows.Scoring;

/// <summary>What a panel's scores combine to.</summary>
/// <param name="Candidates">Each candidate's combined score, in the order candidates were given.</param>
/// <param name="Flags">Judges out of line, by candidate.</param>
/// <param name="Rule">The rule used, in words.</param>
public sealed record PanelOutcome(IReadOnlyList<CandidateScore> Candidates, IReadOnlyList<JudgeFlag> Flags, string Rule)
{
    /// <summary>The combined score of a candidate (null when nobody scored them).</summary>
    public decimal? ScoreOf(string candidateId) => Candidates.FirstOrDefault(c => c.CandidateId == candidateId)?.Score;
}
