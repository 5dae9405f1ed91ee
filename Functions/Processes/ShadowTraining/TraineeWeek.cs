namespace EduFlows.Processes.ShadowTraining;

/// <summary>What one trainee's week produced, as the completion rule reads it.</summary>
/// <param name="Days">Training days in the week.</param>
/// <param name="AttendedDays">Days the mentor recorded as present.</param>
/// <param name="Journals">Journals handed in on time.</param>
/// <param name="Evaluation">The mentor's scores (0–100) by area; null when the mentor did not evaluate.</param>
/// <param name="Summary">True when the trainee handed in the summary.</param>
public sealed record TraineeWeek(int Days, int AttendedDays, int Journals, IReadOnlyDictionary<string, decimal>? Evaluation, bool Summary)
{
    /// <summary>The evaluation's average, rounded to one decimal; null without an evaluation.</summary>
    public decimal? EvaluationAverage => Evaluation is { Count: > 0 } e ? Math.Round(e.Values.Average(), 1, MidpointRounding.AwayFromZero) : null;
}
