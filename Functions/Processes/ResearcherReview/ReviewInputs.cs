namespace EduFlows.Processes.ResearcherReview;

/// <summary>Everything a half-year review gathered, ready to be scored.</summary>
/// <param name="Scheme">The scheme version the review started with.</param>
/// <param name="Researchers">The section's researchers when the review started.</param>
/// <param name="RecordCounts">Per researcher, process records counted per kind in the half year.</param>
/// <param name="SelfAssessments">Per researcher who submitted one, their self-assessment.</param>
/// <param name="Surveys">Principals' satisfaction answers.</param>
/// <param name="ReviewerScores">Reviewers' scores.</param>
/// <param name="BonusDecisions">Per researcher, the office's decisions on their claims (absent when the office did not answer).</param>
/// <param name="SchoolsServed">Per researcher, how many schools their records name (whose principals were surveyed); null when not known.</param>
public sealed record ReviewInputs(
    ResearcherScheme Scheme,
    IReadOnlyList<ReviewedResearcher> Researchers,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> RecordCounts,
    IReadOnlyDictionary<string, SelfAssessment> SelfAssessments,
    IReadOnlyList<SurveyAnswer> Surveys,
    IReadOnlyList<ReviewerScore> ReviewerScores,
    IReadOnlyDictionary<string, IReadOnlyList<BonusDecision>> BonusDecisions,
    IReadOnlyDictionary<string, int>? SchoolsServed = null);
