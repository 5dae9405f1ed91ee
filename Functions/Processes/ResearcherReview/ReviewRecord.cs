namespace EduFlows.Processes.ResearcherReview;

/// <summary>A half-year review as stored: who is reviewed and by whom, with which scheme, and where it stands.</summary>
public sealed record ReviewRecord
{
    /// <summary>The instance id, e.g. "researcher-review-2026H2-junior".</summary>
    public required string Id { get; init; }

    /// <summary>The section.</summary>
    public required string Section { get; init; }

    /// <summary>The half year.</summary>
    public required ReviewPeriod Period { get; init; }

    /// <summary>The scheme version used.</summary>
    public required int SchemeVersion { get; init; }

    /// <summary>The researchers reviewed (snapshot when the review started).</summary>
    public required IReadOnlyList<ReviewedResearcher> Researchers { get; init; }

    /// <summary>The reviewers.</summary>
    public required IReadOnlyList<ReviewedResearcher> Reviewers { get; init; }

    /// <summary>The office member who decides bonuses and receives the ranked table.</summary>
    public required string OfficeId { get; init; }

    /// <summary>When it started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the results were published (null until then).</summary>
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>How reviewers' scores were combined.</summary>
    public string? PanelRule { get; init; }
}
