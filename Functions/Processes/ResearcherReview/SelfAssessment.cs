namespace EduFlows.Processes.ResearcherReview;

/// <summary>A researcher's self-assessment.</summary>
/// <param name="Summary">What they did and achieved.</param>
/// <param name="Evidence">Links to evidence, one per line.</param>
/// <param name="Claims">Bonuses claimed.</param>
/// <param name="SubmittedAt">When.</param>
public sealed record SelfAssessment(string Summary, string? Evidence, IReadOnlyList<BonusClaim> Claims, DateTimeOffset SubmittedAt);
