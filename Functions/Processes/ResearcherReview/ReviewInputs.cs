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

/// <summary>A researcher under review.</summary>
/// <param name="Id">Staff id.</param>
/// <param name="Name">Name.</param>
public sealed record ReviewedResearcher(string Id, string Name);

/// <summary>A researcher's self-assessment.</summary>
/// <param name="Summary">What they did and achieved.</param>
/// <param name="Evidence">Links to evidence, one per line.</param>
/// <param name="Claims">Bonuses claimed.</param>
/// <param name="SubmittedAt">When.</param>
public sealed record SelfAssessment(string Summary, string? Evidence, IReadOnlyList<BonusClaim> Claims, DateTimeOffset SubmittedAt);

/// <summary>A bonus claimed in a self-assessment.</summary>
/// <param name="Key">The claim's form field ("honour", or "honour-2" for the second claim under the rule).</param>
/// <param name="RuleId">The bonus rule.</param>
/// <param name="Level">The level claimed.</param>
/// <param name="Detail">What for (the honour's name, the result).</param>
public sealed record BonusClaim(string Key, string RuleId, string Level, string? Detail);

/// <summary>The office's decision on one claimed bonus.</summary>
/// <param name="ClaimKey">The claim (<see cref="BonusClaim.Key"/>).</param>
/// <param name="Confirmed">Confirmed or rejected.</param>
/// <param name="Reason">Why.</param>
/// <param name="DecidedBy">Who decided.</param>
public sealed record BonusDecision(string ClaimKey, bool Confirmed, string Reason, string DecidedBy);

/// <summary>One principal's satisfaction ratings (1-5) of one researcher, per satisfaction indicator.</summary>
/// <param name="PrincipalId">The principal.</param>
/// <param name="ResearcherId">The researcher rated.</param>
/// <param name="Ratings">Indicator id → 1..5.</param>
public sealed record SurveyAnswer(string PrincipalId, string ResearcherId, IReadOnlyDictionary<string, decimal> Ratings);

/// <summary>One reviewer's points for one researcher, per reviewed indicator.</summary>
/// <param name="ReviewerId">The reviewer.</param>
/// <param name="ResearcherId">The researcher scored.</param>
/// <param name="Points">Indicator id → points (0..max).</param>
public sealed record ReviewerScore(string ReviewerId, string ResearcherId, IReadOnlyDictionary<string, decimal> Points);
