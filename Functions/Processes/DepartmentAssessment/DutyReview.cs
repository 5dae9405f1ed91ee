using EduFlows.Scoring;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>One head's half-year duty review (述职评议) by the bureau leaders, as stored, with who scored what.</summary>
public sealed record DutyReview
{
    /// <summary>"2026-H1-dep-04".</summary>
    public string Id => $"{Year:D4}-H{Half}-{DepartmentId}";

    /// <summary>The year.</summary>
    public required int Year { get; init; }

    /// <summary>1 or 2.</summary>
    public required int Half { get; init; }

    /// <summary>The department.</summary>
    public required string DepartmentId { get; init; }

    /// <summary>The head who reported.</summary>
    public required string HeadId { get; init; }

    /// <summary>The duty report; null when none was handed in.</summary>
    public string? Report { get; init; }

    /// <summary>Every leader's score of this head.</summary>
    public IReadOnlyList<JudgeScore> Scores { get; init; } = [];

    /// <summary>The combined score; null without report or scores.</summary>
    public decimal? Score { get; init; }

    /// <summary>Judges whose score was dropped by the rule.</summary>
    public IReadOnlyList<string> DroppedJudges { get; init; } = [];

    /// <summary>Judges whose score was out of line with the others.</summary>
    public IReadOnlyList<JudgeFlag> Flags { get; init; } = [];

    /// <summary>The combination rule, in words.</summary>
    public string? Rule { get; init; }

    /// <summary>The baseline points it cost (a missing report, or a combined score below the scheme's pass mark).</summary>
    public decimal Deduction { get; init; }
}
