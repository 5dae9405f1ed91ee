namespace EduFlows.Processes.ResearcherReview;

/// <summary>What starts a section's half-year review (from the timer or an admin).</summary>
/// <param name="Section">"primary", "junior" or "senior".</param>
/// <param name="Year">The year.</param>
/// <param name="Half">1 or 2.</param>
public sealed record ReviewRequest(string Section, int Year, int Half)
{
    /// <summary>The scheme version to use; the section's current one when null.</summary>
    public int? SchemeVersion { get; init; }

    /// <summary>The reviewers; by default the section's researchers and the head of the teaching-research office.</summary>
    public IReadOnlyList<string>? ReviewerIds { get; init; }

    /// <summary>Who decides bonuses and receives the ranked table; by default the head of the teaching-research office.</summary>
    public string? OfficeId { get; init; }

    /// <summary>Days for the self-assessment and the satisfaction survey (default 7).</summary>
    public int CollectionDays { get; init; } = 7;

    /// <summary>Days for the reviewers' scoring (default 7).</summary>
    public int ScoringDays { get; init; } = 7;

    /// <summary>Days for the office's bonus decisions (default 5).</summary>
    public int BonusDecisionDays { get; init; } = 5;

    /// <summary>Reminders this many days before each task is due (default 2 and 1).</summary>
    public IReadOnlyList<int> ReminderDaysBefore { get; init; } = [2, 1];

    /// <summary>The half year.</summary>
    public ReviewPeriod Period => new(Year, Half);
}
