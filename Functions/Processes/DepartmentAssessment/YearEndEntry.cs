namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>A department's year-end entry: the head's presentation and innovation claims, and what the office confirmed.</summary>
public sealed record YearEndEntry
{
    /// <summary>"2026-dep-04".</summary>
    public string Id => $"{Year:D4}-{DepartmentId}";

    /// <summary>The year.</summary>
    public required int Year { get; init; }

    /// <summary>The department.</summary>
    public required string DepartmentId { get; init; }

    /// <summary>The head asked.</summary>
    public required string HeadId { get; init; }

    /// <summary>The task through which the head answers and uploads the presentation.</summary>
    public string? TaskId { get; init; }

    /// <summary>The innovation results claimed, in the head's words.</summary>
    public string? Claims { get; init; }

    /// <summary>Points claimed for them.</summary>
    public decimal ClaimedPoints { get; init; }

    /// <summary>Points the office confirmed; null when it did not.</summary>
    public decimal? ConfirmedPoints { get; init; }

    /// <summary>Who confirmed them.</summary>
    public string? ConfirmedBy { get; init; }

    /// <summary>The presentation's blob name, once uploaded.</summary>
    public string? PresentationBlob { get; init; }

    /// <summary>The presentation's file name as uploaded.</summary>
    public string? PresentationFileName { get; init; }
}
