namespace EduFlows.Processes.ResearcherReview;

/// <summary>A section's half-year result: the ranked researchers and the reviewers out of line.</summary>
/// <param name="Ranked">Researchers by rank (ties share a rank).</param>
/// <param name="ReviewerFlags">Reviewers far from the others, for the office.</param>
/// <param name="PanelRule">How reviewers' scores were combined, in words.</param>
public sealed record ReviewOutcome(IReadOnlyList<ResearcherResult> Ranked, IReadOnlyList<ReviewerFlag> ReviewerFlags, string PanelRule);
