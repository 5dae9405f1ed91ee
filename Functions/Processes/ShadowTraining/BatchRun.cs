namespace EduFlows.Processes.ShadowTraining;

/// <summary>The input of a batch's orchestration.</summary>
/// <param name="BatchId">The batch.</param>
/// <param name="WeekStart">The Monday.</param>
/// <param name="Trainees">One run per trainee.</param>
public sealed record BatchRun(string BatchId, DateOnly WeekStart, IReadOnlyList<TraineeRun> Trainees);
