namespace EduFlows.Processes.ResearcherReview;

/// <summary>The office's decision on one claimed bonus.</summary>
/// <param name="ClaimKey">The claim (<see cref="BonusClaim.Key"/>).</param>
/// <param name="Confirmed">Confirmed or rejected.</param>
/// <param name="Reason">Why.</param>
/// <param name="DecidedBy">Who decided.</param>
public sealed record BonusDecision(string ClaimKey, bool Confirmed, string Reason, string DecidedBy);
