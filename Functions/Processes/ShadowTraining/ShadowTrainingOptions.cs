using EduFlows.Tasks;

namespace EduFlows.Processes.ShadowTraining;

/// <summary>
/// The week's timetable and the completion rule. The seed gives none of these numbers; the defaults are the bureau's
/// usual working day and are stated in the README. Times are local to the bureau's time zone.
/// </summary>
public sealed record ShadowTrainingOptions
{
    /// <summary>The defaults.</summary>
    public static readonly ShadowTrainingOptions Default = new();

    /// <summary>One theme per day, Monday to Friday: daily management, teaching, school culture, innovation, review (the seed's four areas and a closing day).</summary>
    public IReadOnlyList<LocalizedText> Themes { get; init; } =
    [
        new("日常管理", "Daily management"),
        new("教育教学", "Teaching and learning"),
        new("文化建设", "School culture"),
        new("教育创新", "Innovation in education"),
        new("总结交流", "Review and exchange"),
    ];

    /// <summary>Days before the week's Monday by which the trainee confirms or asks to defer (default 3: the Friday before).</summary>
    public int ConfirmDaysBefore { get; init; } = 3;

    /// <summary>Time of day the confirmation is due (default 17:00).</summary>
    public TimeOnly ConfirmDueAt { get; init; } = new(17, 0);

    /// <summary>When the mentor's attendance task for the day opens (default 08:30).</summary>
    public TimeOnly AttendanceOpensAt { get; init; } = new(8, 30);

    /// <summary>When it is due the same day (default 20:00); unrecorded days count as absent.</summary>
    public TimeOnly AttendanceDueAt { get; init; } = new(20, 0);

    /// <summary>End of the training day, when the journal task opens (default 17:30).</summary>
    public TimeOnly JournalOpensAt { get; init; } = new(17, 30);

    /// <summary>The journal is due the next day at this time (default 17:30)...</summary>
    public TimeOnly JournalDueAt { get; init; } = new(17, 30);

    /// <summary>...with a reminder that morning (default 08:00).</summary>
    public TimeOnly JournalReminderAt { get; init; } = new(8, 0);

    /// <summary>Days after Friday's end the mentor's evaluation and the trainee's summary are due (default 5: the Wednesday after), reminded a day before.</summary>
    public int EvaluationDays { get; init; } = 5;

    /// <summary>Completion: at least this many days attended (default 4 of 5).</summary>
    public int MinAttendanceDays { get; init; } = 4;

    /// <summary>Completion: at least this many journals (default 4 of 5).</summary>
    public int MinJournals { get; init; } = 4;

    /// <summary>Completion: the mentor's evaluation average (0–100) at least this (default 60).</summary>
    public decimal MinEvaluationAverage { get; init; } = 60;

    /// <summary>Years a certificate link stays valid (default 5).</summary>
    public int CertificateLinkYears { get; init; } = 5;

    /// <summary>What is wrong with these options, each naming the setting; empty when a week can run and be completed by them.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        int days = Themes?.Count ?? 0;
        if (days is < 1 or > 7)
        {
            problems.Add($"{nameof(Themes)} must list one theme per training day, 1 to 7 of them (it has {days}).");
        }

        if (MinAttendanceDays < 0 || MinAttendanceDays > days)
        {
            problems.Add($"{nameof(MinAttendanceDays)} must be between 0 and the {days} training days of {nameof(Themes)} (it is {MinAttendanceDays}); otherwise nobody could complete.");
        }

        if (MinJournals < 0 || MinJournals > days)
        {
            problems.Add($"{nameof(MinJournals)} must be between 0 and the {days} training days of {nameof(Themes)} (it is {MinJournals}); otherwise nobody could complete.");
        }

        if (MinEvaluationAverage is < 0 or > 100)
        {
            problems.Add($"{nameof(MinEvaluationAverage)} must be between 0 and 100 (it is {MinEvaluationAverage}).");
        }

        if (ConfirmDaysBefore < 1)
        {
            problems.Add($"{nameof(ConfirmDaysBefore)} must be at least 1 (it is {ConfirmDaysBefore}): trainees confirm before their week.");
        }

        if (EvaluationDays < 1)
        {
            problems.Add($"{nameof(EvaluationDays)} must be at least 1 (it is {EvaluationDays}).");
        }

        if (CertificateLinkYears < 1)
        {
            problems.Add($"{nameof(CertificateLinkYears)} must be at least 1 (it is {CertificateLinkYears}).");
        }

        return problems;
    }

    /// <summary>Throws, naming every faulty setting, unless <see cref="Problems"/> is empty.</summary>
    public ShadowTrainingOptions Validated() =>
        Problems() is { Count: > 0 } problems
            ? throw new InvalidOperationException("Invalid ShadowTraining options: " + string.Join(" ", problems))
            : this;
}
