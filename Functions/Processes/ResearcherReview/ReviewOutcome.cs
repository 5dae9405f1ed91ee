namespace EduFlows.Processes.ResearcherReview;

/// <summary>A section's half-year result: the ranked researchers and the reviewers out of line.</summary>
/// <param name="Ranked">Researchers by rank (ties share a rank).</param>
/// <param name="ReviewerFlags">Reviewers far from the others, for the office.</param>
/// <param name="PanelRule">How reviewers' scores were combined, in words.</param>
public sealed record ReviewOutcome(IReadOnlyList<ResearcherResult> Ranked, IReadOnlyList<ReviewerFlag> ReviewerFlags, string PanelRule);

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

/// <summary>An A-level indicator's score: weight × points earned / points possible.</summary>
/// <param name="Id">Indicator id.</param>
/// <param name="Name">Name.</param>
/// <param name="Weight">Its weight (out of 100).</param>
/// <param name="Score">Its score (0..weight).</param>
public sealed record LevelAScore(string Id, string Name, decimal Weight, decimal Score);

/// <summary>A secondary indicator's points and where they came from.</summary>
/// <param name="Id">Indicator id.</param>
/// <param name="LevelA">Its A-level indicator.</param>
/// <param name="Name">Name.</param>
/// <param name="Source">How it is scored.</param>
/// <param name="MaxPoints">Its maximum.</param>
/// <param name="Points">Points earned.</param>
/// <param name="Basis">The facts behind the points, e.g. "38 / 40 条记录" or "5 位评审".</param>
/// <param name="Imputed">True when the input was missing and the stated rule filled it in.</param>
public sealed record IndicatorScore(string Id, string LevelA, string Name, IndicatorSource Source, decimal MaxPoints, decimal Points, string Basis, bool Imputed);

/// <summary>A claimed bonus and what became of it.</summary>
/// <param name="RuleId">The bonus rule.</param>
/// <param name="Level">The level claimed.</param>
/// <param name="Detail">What for.</param>
/// <param name="Decision">"confirmed", "rejected" or "undecided".</param>
/// <param name="Reason">The office's reason.</param>
/// <param name="Points">Points counted (before the cap).</param>
public sealed record BonusOutcome(string RuleId, string Level, string? Detail, string Decision, string? Reason, decimal Points);

/// <summary>A missing input and the rule applied.</summary>
/// <param name="Code">"self-assessment-missing", "no-reviewer-score", "no-survey-answer", "bonus-undecided".</param>
/// <param name="IndicatorId">The indicator concerned, if any.</param>
/// <param name="Detail">In words.</param>
public sealed record ResultFlag(string Code, string? IndicatorId, string Detail);

/// <summary>A reviewer far out of line with the other reviewers on one researcher and indicator.</summary>
/// <param name="ReviewerId">The reviewer.</param>
/// <param name="ResearcherId">The researcher scored.</param>
/// <param name="IndicatorId">The indicator.</param>
/// <param name="Points">What the reviewer gave.</param>
/// <param name="OthersMean">The other reviewers' mean.</param>
public sealed record ReviewerFlag(string ReviewerId, string ResearcherId, string IndicatorId, decimal Points, decimal OthersMean);
