namespace EduFlows.Processes.ResearcherReview;

/// <summary>What starts a frontline-rotation round.</summary>
/// <param name="Year">The round's year (instance id <c>frontline-rotation-YYYY</c>).</param>
public sealed record RotationRequest(int Year)
{
    /// <summary>Who decides for the bureau; by default the head of 组织人事科 (organisation and personnel).</summary>
    public string? DeciderId { get; init; }

    /// <summary>Days for the decision (default 14).</summary>
    public int DecisionDays { get; init; } = 14;

    /// <summary>Reminders this many days before the decision is due (default 2 and 1).</summary>
    public IReadOnlyList<int> ReminderDaysBefore { get; init; } = [2, 1];
}
