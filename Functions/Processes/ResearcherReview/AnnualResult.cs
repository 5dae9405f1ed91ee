namespace EduFlows.Processes.ResearcherReview;

/// <summary>A researcher's year: both halves and the annual total.</summary>
/// <param name="ResearcherId">Staff id.</param>
/// <param name="Name">Name.</param>
/// <param name="FirstHalf">H1 total, if reviewed.</param>
/// <param name="SecondHalf">H2 total, if reviewed.</param>
/// <param name="Annual">The mean of both halves (2 decimals), or the one half reviewed.</param>
/// <param name="Rank">Rank in the section by annual total.</param>
/// <param name="Flag">Why only one half counts, when so.</param>
public sealed record AnnualResult(string ResearcherId, string Name, decimal? FirstHalf, decimal? SecondHalf, decimal Annual, int Rank, string? Flag);
