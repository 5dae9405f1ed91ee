namespace EduFlows.Processes.StaffReallocation;

/// <summary>The windows and sizes of a reallocation; the seed gives none, so these are defaults (README).</summary>
public sealed record StaffReallocationOptions
{
    /// <summary>The defaults.</summary>
    public static StaffReallocationOptions Default { get; } = new();

    /// <summary>How long each task window stays open (default 5 days), reminded a day before it closes.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromDays(5);

    /// <summary>
    /// How long everyone may object to their points breakdown after it is mailed, before the posts window opens (default
    /// 3 days); zero skips the step (no breakdown mails, no objections).
    /// </summary>
    public TimeSpan ObjectionWindow { get; init; } = TimeSpan.FromDays(3);

    /// <summary>The appeal window after each round's results (default 3 days).</summary>
    public TimeSpan AppealWindow { get; init; } = TimeSpan.FromDays(3);

    /// <summary>How long the bureau has for an approval, an appeal or an unplaced case (default 3 days).</summary>
    public TimeSpan BureauWindow { get; init; } = TimeSpan.FromDays(3);

    /// <summary>The most tasks or mails one batch sub-orchestration handles (default 200), keeping its history to a few thousand events.</summary>
    public int BatchSize { get; init; } = 200;

    /// <summary>How often the bureau may send the posts back before the last version stands (default 3 rounds of publishing).</summary>
    public int MaxPostRounds { get; init; } = 3;
}
