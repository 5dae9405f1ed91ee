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
        var missingZh = new List<string>();
        if (week.AttendedDays < options.MinAttendanceDays)
        {
            missing.Add($"attendance {week.AttendedDays} of {week.Days} days (at least {options.MinAttendanceDays} needed)");
            missingZh.Add($"出勤 {week.AttendedDays}/{week.Days} 天（至少需 {options.MinAttendanceDays} 天）");
        }

        if (week.Journals < options.MinJournals)
        {
            missing.Add($"journals {week.Journals} of {week.Days} (at least {options.MinJournals} needed)");
            missingZh.Add($"培训日志 {week.Journals}/{week.Days} 篇（至少需 {options.MinJournals} 篇）");
        }

        if (week.EvaluationAverage is not { } average)
        {
            missing.Add("no evaluation by the mentor");
            missingZh.Add("指导老师未作评价");
        }
        else if (average < options.MinEvaluationAverage)
        {
            missing.Add(string.Create(CultureInfo.InvariantCulture, $"evaluation average {average} (at least {options.MinEvaluationAverage} needed)"));
            missingZh.Add(string.Create(CultureInfo.InvariantCulture, $"指导老师评价平均 {average} 分（至少需 {options.MinEvaluationAverage} 分）"));
        }

        if (!week.Summary)
        {
            missing.Add("no summary");
            missingZh.Add("未交培训总结");
        }

        return new CompletionDecision(missing.Count == 0, missing) { MissingZh = missingZh };
    }
}
