using System.Globalization;

namespace EduFlows.Processes.ResearcherReview;

/// <summary>
/// The review's deadlines, from configuration (<c>ResearcherReview:CollectionDays</c> and so on, or
/// <c>ResearcherReview__CollectionDays</c> as an app setting); the seed gives none, so these defaults are ours.
/// </summary>
public sealed record ResearcherReviewOptions
{
    /// <summary>Days for self-assessments and satisfaction surveys (default 7).</summary>
    public int CollectionDays { get; init; } = 7;

    /// <summary>Days for the reviewers' scoring (default 7).</summary>
    public int ScoringDays { get; init; } = 7;

    /// <summary>Days for the office's bonus decisions (default 5).</summary>
    public int BonusDecisionDays { get; init; } = 5;

    /// <summary>Reminders this many days before a task is due (default 2 and 1).</summary>
    public IReadOnlyList<int> ReminderDaysBefore { get; init; } = [2, 1];

    /// <summary>Days for a frontline-rotation decision (default 14).</summary>
    public int RotationDecisionDays { get; init; } = 14;

    /// <summary>Reads the options; absent settings keep their defaults.</summary>
    /// <exception cref="InvalidOperationException">When a setting is not a positive whole number, naming it.</exception>
    public static ResearcherReviewOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = new ResearcherReviewOptions();
        int Days(string name, int fallback) => configuration[$"ResearcherReview:{name}"] is { } text && !string.IsNullOrWhiteSpace(text)
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int days) && days is > 0 and <= 365
                ? days
                : throw new InvalidOperationException($"ResearcherReview:{name} must be a whole number of days from 1 to 365, not '{text}'.")
            : fallback;
        var reminders = configuration["ResearcherReview:ReminderDaysBefore"] is { } list && !string.IsNullOrWhiteSpace(list)
            ? list.Split(',', StringSplitOptions.TrimEntries).Select(t => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int d) && d > 0
                ? d
                : throw new InvalidOperationException($"ResearcherReview:ReminderDaysBefore must be whole days separated by commas, e.g. \"2,1\", not '{list}'.")).ToList()
            : defaults.ReminderDaysBefore;
        return new ResearcherReviewOptions
        {
            CollectionDays = Days(nameof(CollectionDays), defaults.CollectionDays),
            ScoringDays = Days(nameof(ScoringDays), defaults.ScoringDays),
            BonusDecisionDays = Days(nameof(BonusDecisionDays), defaults.BonusDecisionDays),
            ReminderDaysBefore = reminders,
            RotationDecisionDays = Days(nameof(RotationDecisionDays), defaults.RotationDecisionDays),
        };
    }

    /// <summary>A review request with these deadlines.</summary>
    public ReviewRequest Request(string section, int year, int half) => new(section, year, half)
    {
        CollectionDays = CollectionDays,
        ScoringDays = ScoringDays,
        BonusDecisionDays = BonusDecisionDays,
        ReminderDaysBefore = ReminderDaysBefore,
    };
}
