namespace EduFlows.Processes.ResearcherReview;

/// <summary>A bonus claimed in a self-assessment.</summary>
/// <param name="Key">The claim's form field ("honour", or "honour-2" for the second claim under the rule).</param>
/// <param name="RuleId">The bonus rule.</param>
/// <param name="Level">The level claimed.</param>
/// <param name="Detail">What for (the honour's name, the result).</param>
public sealed record BonusClaim(string Key, string RuleId, string Level, string? Detail);
