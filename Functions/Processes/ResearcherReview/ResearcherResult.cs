namespace EduFlows.Processes.ResearcherReview;

/// <summary>One researcher's result with its whole breakdown.</summary>
/// <param name="ResearcherId">Staff id.</param>
/// <param name="Name">Name.</param>
/// <param name="Rank">1 = best; equal totals share a rank.</param>
/// <param name="Total">Base score plus bonus.</param>
/// <param name="BaseScore">Out of 100: the A-level scores summed.</param>
/// <param name="BonusPoints">Confirmed bonus points, capped.</param>
/// <param name="LevelA">Per A-level indicator.</param>
/// <param name="Indicators">Per secondary indicator.</param>
/// <param name="Bonuses">Per claim: what was claimed, decided and counted.</param>
/// <param name="Flags">Missing inputs and how they were treated.</param>
public sealed record ResearcherResult(
    string ResearcherId,
    string Name,
    int Rank,
    decimal Total,
    decimal BaseScore,
    decimal BonusPoints,
    IReadOnlyList<LevelAScore> LevelA,
    IReadOnlyList<IndicatorScore> Indicators,
    IReadOnlyList<BonusOutcome> Bonuses,
    IReadOnlyList<ResultFlag> Flags);
