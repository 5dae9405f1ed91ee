using System.Globalization;

namespace EduFlows.Processes.ShadowTraining;

/// <summary>
/// The completion rule (pure): attended at least <see cref="ShadowTrainingOptions.MinAttendanceDays"/> days, handed in at
/// least <see cref="ShadowTrainingOptions.MinJournals"/> journals, evaluated by the mentor with an average of at least
/// <see cref="ShadowTrainingOptions.MinEvaluationAverage"/>, and handed in the summary.
/// </summary>
public static class CompletionRule
{
    /// <summary>Decides, listing every condition not met.</summary>
    public static CompletionDecision Decide(TraineeWeek week, ShadowTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(week);
        ArgumentNullException.ThrowIfNull(options);
        var missing = new List<string>();
        if (week.AttendedDays < options.MinAttendanceDays)
        {
            missing.Add($"attendance {week.AttendedDays} of {week.Days} days (at least {options.MinAttendanceDays} needed)");
        }

        if (week.Journals < options.MinJournals)
        {
            missing.Add($"journals {week.Journals} of {week.Days} (at least {options.MinJournals} needed)");
        }

        if (week.EvaluationAverage is not { } average)
        {
            missing.Add("no evaluation by the mentor");
        }
        else if (average < options.MinEvaluationAverage)
        {
            missing.Add(string.Create(CultureInfo.InvariantCulture, $"evaluation average {average} (at least {options.MinEvaluationAverage} needed)"));
        }

        if (!week.Summary)
        {
            missing.Add("no summary");
        }

        return new CompletionDecision(missing.Count == 0, missing);
    }
}
