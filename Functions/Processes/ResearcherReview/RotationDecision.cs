namespace EduFlows.Processes.ResearcherReview;

/// <summary>The bureau's decision on one frontline-rotation candidate, with its reason.</summary>
/// <param name="Year">The rotation round.</param>
/// <param name="ResearcherId">The candidate.</param>
/// <param name="Name">Name.</param>
/// <param name="Age">Age when listed.</param>
/// <param name="YearsInPost">Years in post when listed.</param>
/// <param name="Decision">"vice-principal-teaching", "mid-level-leader", "stay", or "undecided" when the task expired.</param>
/// <param name="Reason">Why.</param>
/// <param name="DecidedBy">Who decided.</param>
/// <param name="DecidedAt">When.</param>
public sealed record RotationDecision(int Year, string ResearcherId, string Name, int Age, int YearsInPost, string Decision, string? Reason, string? DecidedBy, DateTimeOffset? DecidedAt)
{
    /// <summary>The row id.</summary>
    public string Id => $"{Year}.{ResearcherId}";
}
