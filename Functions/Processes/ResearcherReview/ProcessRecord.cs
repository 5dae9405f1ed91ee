namespace EduFlows.Processes.ResearcherReview;

/// <summary>Something a researcher did in the half year (a school visit, a lesson observed...), which counted indicators count.</summary>
public sealed record ProcessRecord
{
    /// <summary>The record's id.</summary>
    public required string Id { get; init; }

    /// <summary>Whose record it is.</summary>
    public required string ResearcherId { get; init; }

    /// <summary>One of <see cref="RecordKinds.All"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>When it happened (bureau-local date).</summary>
    public required DateOnly Date { get; init; }

    /// <summary>The school concerned (required for school visits: its principal is surveyed).</summary>
    public string? SchoolId { get; init; }

    /// <summary>What was done, in a sentence or two.</summary>
    public required string Description { get; init; }

    /// <summary>When it was logged.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Who logged it (the researcher, or "office").</summary>
    public required string CreatedBy { get; init; }

    /// <summary>Withdrawn by an office correction: no longer counted.</summary>
    public bool Withdrawn { get; init; }

    /// <summary>The office's corrections, oldest first, each with the values it replaced.</summary>
    public IReadOnlyList<RecordCorrection> Corrections { get; init; } = [];
}

/// <summary>An office correction of a process record: why, by whom, and what the record said before.</summary>
/// <param name="At">When.</param>
/// <param name="By">Who (the key's holder: "office").</param>
/// <param name="Reason">Why.</param>
/// <param name="Kind">The kind before.</param>
/// <param name="Date">The date before.</param>
/// <param name="SchoolId">The school before.</param>
/// <param name="Description">The description before.</param>
/// <param name="Withdrawn">Whether it was withdrawn before.</param>
public sealed record RecordCorrection(DateTimeOffset At, string By, string Reason, string Kind, DateOnly Date, string? SchoolId, string Description, bool Withdrawn);
