namespace EduFlows.Processes.StaffReallocation;

/// <summary>A live reallocation (e.g. <c>staff-reallocation-2027</c>): who runs it, where it stands, and its trace of bureau decisions.</summary>
public sealed record ReallocationRecord
{
    /// <summary>The reallocation's id, also its orchestration's instance id.</summary>
    public required string Id { get; init; }

    /// <summary>The bureau staff member who approves posts, decides appeals and unplaced cases.</summary>
    public required string OwnerId { get; init; }

    /// <summary>The date points and ages are computed on.</summary>
    public required DateOnly AsOf { get; init; }

    /// <summary>
    /// When the API started it (<see cref="ReallocationStart.StartedAt"/>): what orders a year's reallocations for their
    /// titles (<see cref="ReallocationNames.Title"/>), since the points date may be any day. Null for one started before
    /// it was kept.
    /// </summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>The <see cref="PointsFormula.Version"/> the points were computed with; null until they are.</summary>
    public string? FormulaVersion { get; init; }

    /// <summary>Where it stands, as <see cref="ReallocationProgress.Stage"/> names it: "posts", a round's name, its appeal window or review, "unplaced" or "finished".</summary>
    public string Stage { get; init; } = "posts";

    /// <summary>
    /// Whether the stage is an appeal window that takes in what the API keeps (<see cref="StaffReallocation.AppealReviewVersion"/>):
    /// the API then keeps each appeal on record before raising it, and the window, as it closes, takes in those whose
    /// event it did not get. False in a window of an earlier version, whose appeals are only raised.
    /// </summary>
    public bool AppealsKept { get; init; }

    /// <summary>Whether the bureau approved the county's posts, and what it said when it sent them back.</summary>
    public IReadOnlyList<TraceEntry> Trace { get; init; } = [];

    /// <summary>When the points objection window closes (UTC, from 3.2); objections are taken only before it (<see cref="PointsObjectionWindow"/>).</summary>
    public DateTime? ObjectionsCloseAt { get; init; }

    /// <summary>
    /// Whether the API keeps each points objection on record before raising it (<see cref="ReallocationStart.ObjectionsKept"/>),
    /// so the window, as it closes, takes in those whose event it did not get; false in a window of an earlier start, whose objections are only raised.
    /// </summary>
    public bool ObjectionsKept { get; init; }
}
