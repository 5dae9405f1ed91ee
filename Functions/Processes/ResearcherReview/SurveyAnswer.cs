namespace EduFlows.Processes.ResearcherReview;

/// <summary>One principal's satisfaction ratings (1-5) of one researcher, per satisfaction indicator.</summary>
/// <param name="PrincipalId">The principal.</param>
/// <param name="ResearcherId">The researcher rated.</param>
/// <param name="Ratings">Indicator id → 1..5.</param>
public sealed record SurveyAnswer(string PrincipalId, string ResearcherId, IReadOnlyDictionary<string, decimal> Ratings);
