namespace EduFlows.Processes.OpenSelection;

/// <summary>The office's request to publish a selection: its id and the announcement (every member may be missing, so each is refused by name).</summary>
public sealed record SelectionPublication
{
    /// <summary>The selection's id, e.g. cadres-2017.</summary>
    public string? Id { get; init; }

    /// <summary>The title.</summary>
    public string? Title { get; init; }

    /// <summary>The posts.</summary>
    public IReadOnlyList<SelectionPost>? Posts { get; init; }

    /// <summary>Who may apply.</summary>
    public EligibilityRule? Eligibility { get; init; }

    /// <summary>The stages' weights.</summary>
    public StageWeights? Weights { get; init; }

    /// <summary>The timetable.</summary>
    public SelectionTimetable? Timetable { get; init; }

    /// <summary>Judges drawn from each group.</summary>
    public int? JudgesPerGroup { get; init; }

    /// <summary>The announcement it asks for (validate it before publishing).</summary>
    public SelectionAnnouncement ToAnnouncement() => new()
    {
        Title = Title ?? string.Empty,
        Posts = Posts ?? [],
        Eligibility = Eligibility ?? new(),
        Weights = Weights!,
        Timetable = Timetable!,
        JudgesPerGroup = JudgesPerGroup ?? 3,
    };
}
