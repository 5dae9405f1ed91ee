namespace EduFlows.Processes.ResearcherReview;

/// <summary>A researcher the rule lists for a school post.</summary>
/// <param name="ResearcherId">Staff id.</param>
/// <param name="Name">Name.</param>
/// <param name="Section">Research section.</param>
/// <param name="Subject">Subject.</param>
/// <param name="Age">Whole years of age on the day listed.</param>
/// <param name="YearsInPost">Whole years in post on the day listed.</param>
public sealed record RotationCandidate(string ResearcherId, string Name, string? Section, string? Subject, int Age, int YearsInPost);
