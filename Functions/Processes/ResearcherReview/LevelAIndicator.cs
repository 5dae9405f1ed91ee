namespace EduFlows.Processes.ResearcherReview;

/// <summary>A top-level (A级) indicator and its weight in the 100-point base score.</summary>
/// <param name="Id">Short id, e.g. "quality".</param>
/// <param name="Name">Its name, e.g. "学科教学质量".</param>
/// <param name="Weight">Points out of 100; the weights of a scheme sum to 100.</param>
public sealed record LevelAIndicator(string Id, string Name, decimal Weight);
