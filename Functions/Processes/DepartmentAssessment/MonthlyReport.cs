namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>One department's monthly dispatch report (每月一调度) and how it ended, as stored.</summary>
public sealed record MonthlyReport
{
    /// <summary>"2026-03-dep-04".</summary>
    public string Id => $"{Year:D4}-{Month:D2}-{DepartmentId}";

    /// <summary>The year.</summary>
    public required int Year { get; init; }

    /// <summary>The month (1–12).</summary>
    public required int Month { get; init; }

    /// <summary>The department.</summary>
    public required string DepartmentId { get; init; }

    /// <summary>The head who was asked.</summary>
    public required string HeadId { get; init; }

    /// <summary>On time, late or missing.</summary>
    public required ReportStanding Standing { get; init; }

    /// <summary>How often the office sent it back for rework.</summary>
    public int ReworkRounds { get; init; }

    /// <summary>The baseline points it cost, by the scheme's rule.</summary>
    public decimal Deduction { get; init; }

    /// <summary>Progress on the key work items, as last handed in.</summary>
    public string? Progress { get; init; }

    /// <summary>Risks, as last handed in.</summary>
    public string? Risks { get; init; }

    /// <summary>The office's comments, in order (one per review).</summary>
    public IReadOnlyList<string> ReviewComments { get; init; } = [];

    /// <summary>Who reviewed it.</summary>
    public string? ReviewerId { get; init; }

    /// <summary>When the last version was handed in.</summary>
    public DateTimeOffset? SubmittedAt { get; init; }

    /// <summary>The tasks given for it, in order (reports, reviews), so every step can be traced.</summary>
    public IReadOnlyList<string> TaskIds { get; init; } = [];

    /// <summary>The scheme version the deduction was computed with.</summary>
    public int SchemeVersion { get; init; }
}
