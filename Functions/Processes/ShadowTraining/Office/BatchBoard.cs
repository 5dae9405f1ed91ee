namespace EduFlows.Processes.ShadowTraining.Office;

/// <summary>A shadow-training batch as the office's board shows it: the week's days and every trainee by base.</summary>
/// <param name="BatchId">The batch.</param>
/// <param name="WeekStart">The Monday of its week.</param>
/// <param name="Status">The batch's status.</param>
/// <param name="Days">The training days with their themes.</param>
/// <param name="Bases">The bases with their mentor names.</param>
/// <param name="Rows">The trainees, by base then name.</param>
public sealed record BatchBoard(string BatchId, DateOnly WeekStart, BatchStatus Status, IReadOnlyList<(DateOnly Date, string ThemeZh, string ThemeEn)> Days, IReadOnlyList<(string BaseId, string Name, string Mentor)> Bases, IReadOnlyList<BatchBoardRow> Rows);
