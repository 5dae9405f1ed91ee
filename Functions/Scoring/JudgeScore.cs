namespace EduFlows.Scoring;

/// <summary>One judge's score for one candidate.</summary>
/// <param name="JudgeId">The judge (staff id).</param>
/// <param name="CandidateId">Who or what was scored (a researcher, a department).</param>
/// <param name="Score">The points given.</param>
public sealed record JudgeScore(string JudgeId, string CandidateId, decimal Score);
