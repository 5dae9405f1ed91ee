namespace EduFlows.Processes.Secondment;

/// <summary>
/// The timetable and the extension rule of assignments. The seed gives no numbers; these defaults are stated in the
/// README. Times of day are local to the bureau's time zone.
/// </summary>
public sealed record SecondmentOptions
{
    /// <summary>The defaults.</summary>
    public static readonly SecondmentOptions Default = new();

    /// <summary>Days the person and both heads have to consent (default 5).</summary>
    public int ConsentDays { get; init; } = 5;

    /// <summary>The longest assignment first agreed, in months (default 24).</summary>
    public int MaxMonths { get; init; } = 24;

    /// <summary>The extension rule: at most this many extensions (default 1)...</summary>
    public int MaxExtensions { get; init; } = 1;

    /// <summary>...each of at most this many months (default 6).</summary>
    public int MaxExtensionMonths { get; init; } = 6;

    /// <summary>Days a monthly check-in is open: it opens this many days before the day before the month's anniversary (default 5).</summary>
    public int CheckInDays { get; init; } = 5;

    /// <summary>Days the mentor has for the mid-term evaluation (default 7).</summary>
    public int MidTermDays { get; init; } = 7;

    /// <summary>Days the owner has for the return-or-extend decision, which opens a month before the end (default 14).</summary>
    public int DecisionDays { get; init; } = 14;

    /// <summary>When tasks open (default 09:00).</summary>
    public TimeOnly OpensAt { get; init; } = new(9, 0);

    /// <summary>When tasks are due (default 18:00).</summary>
    public TimeOnly DueAt { get; init; } = new(18, 0);
}
