namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>A department's 1000-point result for a year, with the parts and the head held to it, as published.</summary>
public sealed record YearResult
{
    /// <summary>"2026-dep-04".</summary>
    public string Id => $"{Year:D4}-{DepartmentId}";

    /// <summary>The year.</summary>
    public required int Year { get; init; }

    /// <summary>The department.</summary>
    public required string DepartmentId { get; init; }

    /// <summary>Its name.</summary>
    public required string DepartmentName { get; init; }

    /// <summary>The head at the year end.</summary>
    public string? HeadId { get; init; }

    /// <summary>In how many of the year's months they headed it (were asked for its monthly report).</summary>
    public int HeadMonths { get; init; }

    /// <summary>Whether the head is held to this year's result (head in enough of its months, see <see cref="AssessmentScheme.HeadAccountableMonths"/>).</summary>
    public bool HeadAccountable { get; init; }

    /// <summary>The scheme version used.</summary>
    public int SchemeVersion { get; init; }

    /// <summary>The parts and the total.</summary>
    public required DepartmentScore Score { get; init; }

    /// <summary>Monthly reports late, missing and reworked (for the record).</summary>
    public int LateReports { get; init; }

    /// <summary>Monthly reports not handed in.</summary>
    public int MissingReports { get; init; }

    /// <summary>Send-backs for rework over the year.</summary>
    public int ReworkRounds { get; init; }

    /// <summary>How many principals scored the department.</summary>
    public int Principals { get; init; }

    /// <summary>The principals' combined score (0 to the scheme's maximum) before scaling; null when nobody scored.</summary>
    public decimal? PrincipalScore { get; init; }

    /// <summary>The head's combined duty-review score of the first half (null: no report or no scores).</summary>
    public decimal? DutyScoreH1 { get; init; }

    /// <summary>The head's combined duty-review score of the second half (null: no report or no scores).</summary>
    public decimal? DutyScoreH2 { get; init; }

    /// <summary>The year's checkpoints that failed (child instance ids): what they would have stored is missing from this result.</summary>
    public IReadOnlyList<string> FailedCheckpoints { get; init; } = [];
}
