namespace EduFlows.Processes.ResearcherReview;

/// <summary>A missing input and the rule applied.</summary>
/// <param name="Code">"self-assessment-missing", "no-reviewer-score", "no-survey-answer", "bonus-undecided".</param>
/// <param name="IndicatorId">The indicator concerned, if any.</param>
/// <param name="Detail">In words.</param>
public sealed record ResultFlag(string Code, string? IndicatorId, string Detail);
