namespace EduFlows.Processes.ResearcherReview;

/// <summary>A bonus a researcher may claim (an honour, an innovation result), worth points by level once the office confirms it.</summary>
/// <param name="Id">Short id, e.g. "honour"; also the field name on the self-assessment form.</param>
/// <param name="Name">Its name, e.g. "荣誉表彰".</param>
/// <param name="Levels">Level → points, e.g. county 1, city 2, provincial 3, national 5.</param>
public sealed record BonusRule(string Id, string Name, IReadOnlyDictionary<string, decimal> Levels)
{
    /// <summary>The most points this rule gives in a half year, whatever is claimed under it (none: only the scheme's cap).</summary>
    public decimal? Cap { get; init; }
}
