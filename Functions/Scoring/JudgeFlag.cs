namespace EduFlows.Scoring;

/// <summary>A judge far out of line with the others on one candidate, for the office to look at.</summary>
/// <param name="JudgeId">The judge.</param>
/// <param name="CandidateId">The candidate.</param>
/// <param name="Score">What the judge gave.</param>
/// <param name="OthersMean">The mean of the other judges' scores (2 decimals).</param>
public sealed record JudgeFlag(string JudgeId, string CandidateId, decimal Score, decimal OthersMean);
