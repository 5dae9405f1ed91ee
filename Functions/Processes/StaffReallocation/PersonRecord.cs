namespace EduFlows.Processes.StaffReallocation;

/// <summary>One person in a live reallocation: what the rounds read about them, what was decided, and the trace.</summary>
public sealed record PersonRecord
{
    /// <summary>The reallocation.</summary>
    public required string ReallocationId { get; init; }

    /// <summary>The person as the rules see them (school, section, subject, points).</summary>
    public required Participant Participant { get; init; }

    /// <summary>The principal of the person's school, who confirms a direct appointment.</summary>
    public string? PrincipalId { get; init; }

    /// <summary>The principal's answer on a direct-appointment case; null when not asked or unanswered.</summary>
    public bool? PrincipalConfirmed { get; init; }

    /// <summary>The person's cross-school ranked list of post ids, most wanted first.</summary>
    public IReadOnlyList<string> RankedList { get; init; } = [];

    /// <summary>The decided placement, if any.</summary>
    public Placement? Placement { get; init; }

    /// <summary>The in-school option a cross-school placement replaced, restored if the round is run again after an appeal.</summary>
    public Placement? HeldOption { get; init; }

    /// <summary>Left without a post after the cross-school round, with the reasons.</summary>
    public UnplacedCase? Unplaced { get; init; }

    /// <summary>The bureau's decision on an unplaced case, in words.</summary>
    public string? BureauDecision { get; init; }

    /// <summary>The person's points line by line, as published for objection (null before points are computed from the sheet).</summary>
    public PointsBreakdown? Breakdown { get; init; }

    /// <summary>Every decision about the person.</summary>
    public IReadOnlyList<TraceEntry> Trace { get; init; } = [];

    /// <summary>The row id.</summary>
    public string Id => IdOf(ReallocationId, Participant.StaffId);

    /// <summary>The row id of a person in a reallocation.</summary>
    public static string IdOf(string reallocationId, string staffId) => $"{reallocationId}:{staffId}";
}
