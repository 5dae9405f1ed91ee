using EduFlows.Scoring;

namespace EduFlows.Processes.ResearcherReview;

/// <summary>
/// The review scheme of one section (小学, 初中 or 高中): what is scored, how, and what bonuses are worth. Data, not
/// code: the office replaces it over the API, each replacement is a new version, and a review keeps the version it
/// started with.
/// </summary>
/// <param name="Section">"primary", "junior" or "senior".</param>
/// <param name="Version">1, 2, ... (set when stored).</param>
/// <param name="LevelA">The A-level indicators with their weights.</param>
/// <param name="Indicators">The secondary indicators.</param>
/// <param name="Bonuses">The bonus rules.</param>
/// <param name="BonusCap">The most bonus points a researcher can get in a half year.</param>
/// <param name="Panel">How reviewers' scores combine and when a reviewer is flagged.</param>
public sealed record ResearcherScheme(
    string Section,
    int Version,
    IReadOnlyList<LevelAIndicator> LevelA,
    IReadOnlyList<SecondaryIndicator> Indicators,
    IReadOnlyList<BonusRule> Bonuses,
    decimal BonusCap,
    PanelRule Panel)
{
    /// <summary>When the version was stored, and by whom (null for the built-in defaults).</summary>
    public DateTimeOffset? SavedAt { get; init; }

    /// <summary>Who stored the version.</summary>
    public string? SavedBy { get; init; }
}
