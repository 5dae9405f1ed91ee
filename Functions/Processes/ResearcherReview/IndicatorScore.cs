namespace EduFlows.Processes.ResearcherReview;

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
