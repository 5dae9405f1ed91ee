namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// An appeal against a round's result, or an objection to one's points, on record from when the orchestration took it
/// in to the bureau's decision: who, which round, what they asked, the outcome, who decided and when. The office page
/// lists these as they are; nothing is read back from the people's trace lines.
/// </summary>
public sealed record AppealRecord
{
    /// <summary>The reallocation.</summary>
    public required string ReallocationId { get; init; }

    /// <summary>The round appealed against; null for a points objection.</summary>
    public Round? Round { get; init; }

    /// <summary>Its place among those its window took in, from 0 (the bureau's task carries the same number).</summary>
    public required int Number { get; init; }

    /// <summary>Who it is about: the appellant or the person objecting.</summary>
    public required string StaffId { get; init; }

    /// <summary>What they asked, in their words.</summary>
    public required string Reason { get; init; }

    /// <summary>Who brought it: the person, or an administrator (<see cref="StaffReallocationApi.ByMasterKey"/>).</summary>
    public string? LodgedBy { get; init; }

    /// <summary>When the orchestration took it in; null for one put on record only when decided (an instance started before appeals were recorded as they came).</summary>
    public DateTimeOffset? LodgedAt { get; init; }

    /// <summary>The bureau's review task for it, once the window has closed (its id is known from the start).</summary>
    public string? ReviewTaskId { get; init; }

    /// <summary>The bureau's decision; null while pending.</summary>
    public AppealOutcome? Outcome { get; init; }

    /// <summary>Who decided; null when nobody did in time (or while pending).</summary>
    public string? DecidedBy { get; init; }

    /// <summary>When it was decided (the task's answer, or the orchestration's time when it ran out); null while pending.</summary>
    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>The bureau's note to the person, if any.</summary>
    public string? Note { get; init; }

    /// <summary>The row id.</summary>
    public string Id => IdOf(ReallocationId, Round, Number);

    /// <summary>The row id of the <paramref name="number"/>-th appeal of a round's window, or objection (round null).</summary>
    public static string IdOf(string reallocationId, Round? round, int number) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{reallocationId}:{round?.ToString() ?? PointsObjectionWindow.Stage}:{number:D3}");

    /// <summary>The bureau's review task of the <paramref name="number"/>-th appeal of a round's window.</summary>
    public static string AppealTaskId(string reallocationId, Round round, string staffId, int number) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{StaffReallocationTasks.AppealReview.Name}-{reallocationId}-{round}-{staffId}-{number}");

    /// <summary>The bureau's review task of the <paramref name="number"/>-th points objection.</summary>
    public static string ObjectionTaskId(string reallocationId, string staffId, int number) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{PointsObjectionTasks.Review.Name}-{reallocationId}-{staffId}-{number}");
}
