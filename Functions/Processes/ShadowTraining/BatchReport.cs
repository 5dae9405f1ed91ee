namespace EduFlows.Processes.ShadowTraining;

/// <summary>One batch's report: its totals and each base's.</summary>
/// <param name="BatchId">The batch.</param>
/// <param name="WeekStart">The Monday.</param>
/// <param name="Totals">The batch's figures.</param>
/// <param name="Bases">Each base's figures.</param>
public sealed record BatchReport(string BatchId, DateOnly WeekStart, TrainingFigures Totals, IReadOnlyList<BaseReport> Bases);

/// <summary>One base's figures in a batch or a year.</summary>
/// <param name="BaseId">The base.</param>
/// <param name="Name">The host school.</param>
/// <param name="Figures">The figures.</param>
public sealed record BaseReport(string BaseId, string Name, TrainingFigures Figures);

/// <summary>The year's report: totals, each batch, each base over the year.</summary>
/// <param name="Year">The year.</param>
/// <param name="Batches">Batches with results.</param>
/// <param name="Totals">The year's figures.</param>
/// <param name="ByBatch">Each batch.</param>
/// <param name="ByBase">Each base over the year.</param>
public sealed record YearReport(int Year, int Batches, TrainingFigures Totals, IReadOnlyList<BatchReport> ByBatch, IReadOnlyList<BaseReport> ByBase);
