namespace EduFlows.Processes.ShadowTraining;

/// <summary>Figures over a set of trainee results (a base, a batch, a year).</summary>
/// <param name="Trainees">Trainees who did the week (completed or not).</param>
/// <param name="People">Distinct people among them.</param>
/// <param name="Completed">Completed the week.</param>
/// <param name="NotCompleted">Did not complete.</param>
/// <param name="Deferred">Deferred to a later batch.</param>
/// <param name="CompletionRate">Completed ÷ trainees, in percent (one decimal); null without trainees.</param>
/// <param name="AttendanceRate">Days attended ÷ training days, in percent.</param>
/// <param name="JournalRate">Journals ÷ training days, in percent.</param>
/// <param name="EvaluationAverage">Mean of the evaluation averages of those evaluated.</param>
/// <param name="AreaAverages">Mean score per evaluated area.</param>
public sealed record TrainingFigures(
    int Trainees, int People, int Completed, int NotCompleted, int Deferred, decimal? CompletionRate, decimal? AttendanceRate, decimal? JournalRate,
    decimal? EvaluationAverage, IReadOnlyDictionary<string, decimal> AreaAverages);
