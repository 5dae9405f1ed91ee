namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>The decision on a head last two years running (连续两年末位调离).</summary>
public sealed record Reassignment
{
    /// <summary>"2027-dep-04".</summary>
    public string Id => $"{Year:D4}-{DepartmentId}";

    /// <summary>The second of the two years.</summary>
    public required int Year { get; init; }

    /// <summary>The department.</summary>
    public required string DepartmentId { get; init; }

    /// <summary>The head concerned.</summary>
    public required string HeadId { get; init; }

    /// <summary>The two years' totals.</summary>
    public required decimal PreviousTotal { get; init; }

    /// <summary>The second year's total.</summary>
    public required decimal Total { get; init; }

    /// <summary>"open", "reassigned", "kept", or "overdue" (no decision after the last round).</summary>
    public required string Decision { get; init; }

    /// <summary>The recorded reason.</summary>
    public string? Reason { get; init; }

    /// <summary>Who decided.</summary>
    public string? DecidedBy { get; init; }

    /// <summary>When.</summary>
    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>The decision tasks given, in order.</summary>
    public IReadOnlyList<string> TaskIds { get; init; } = [];
}
