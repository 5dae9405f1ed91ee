namespace EduFlows.Processes.ResearcherReview;

/// <summary>An A-level indicator's score: weight × points earned / points possible.</summary>
/// <param name="Id">Indicator id.</param>
/// <param name="Name">Name.</param>
/// <param name="Weight">Its weight (out of 100).</param>
/// <param name="Score">Its score (0..weight).</param>
public sealed record LevelAScore(string Id, string Name, decimal Weight, decimal Score);
