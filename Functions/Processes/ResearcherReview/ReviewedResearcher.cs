namespace EduFlows.Processes.ResearcherReview;

/// <summary>A researcher under review.</summary>
/// <param name="Id">Staff id.</param>
/// <param name="Name">Name.</param>
public sealed record ReviewedResearcher(string Id, string Name);
