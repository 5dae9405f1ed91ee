namespace EduFlows.Scoring;

/// <summary>One candidate's combined score and how it came about.</summary>
/// <param name="CandidateId">The candidate.</param>
/// <param name="Score">The combined score (2 decimals); null when no judge scored the candidate.</param>
/// <param name="Judges">How many judges scored the candidate.</param>
/// <param name="DroppedJudges">Whose scores were dropped (trimmed mean), highest first.</param>
public sealed record CandidateScore(string CandidateId, decimal? Score, int Judges, IReadOnlyList<string> DroppedJudges)
{
    /// <summary>The combined score before rounding, for figures derived from it (rounded once); null when no judge scored.</summary>
    public decimal? Exact { get; init; }
}
