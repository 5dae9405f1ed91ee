namespace EduFlows.Processes.ResearcherReview;

/// <summary>A claimed bonus and what became of it.</summary>
/// <param name="RuleId">The bonus rule.</param>
/// <param name="Level">The level claimed.</param>
/// <param name="Detail">What for.</param>
/// <param name="Decision">"confirmed", "rejected" or "undecided".</param>
/// <param name="Reason">The office's reason.</param>
/// <param name="Points">Points counted (before the cap).</param>
public sealed record BonusOutcome(string RuleId, string Level, string? Detail, string Decision, string? Reason, decimal Points);
