namespace EduFlows.Processes.ResearcherReview;

/// <summary>One reviewer's points for one researcher, per reviewed indicator.</summary>
/// <param name="ReviewerId">The reviewer.</param>
/// <param name="ResearcherId">The researcher scored.</param>
/// <param name="Points">Indicator id → points (0..max).</param>
public sealed record ReviewerScore(string ReviewerId, string ResearcherId, IReadOnlyDictionary<string, decimal> Points);
