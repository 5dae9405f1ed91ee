namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>An association event (a reading salon 读书沙龙, a lecture, a visit), table <c>{hub}HtaEvents</c>, with its attendance.</summary>
public sealed record SalonEvent
{
    /// <summary>The event's id.</summary>
    public required string Id { get; init; }

    /// <summary>Its title, e.g. "《给教师的建议》读书沙龙".</summary>
    public required string Title { get; init; }

    /// <summary>What kind: "reading-salon" (读书沙龙), "lecture" (讲座) or "visit" (观摩).</summary>
    public required string Kind { get; init; }

    /// <summary>When it starts (UTC).</summary>
    public required DateTimeOffset StartsAt { get; init; }

    /// <summary>Where.</summary>
    public required string Place { get; init; }

    /// <summary>Seats; attendance beyond it is refused.</summary>
    public required int Capacity { get; init; }

    /// <summary>The members who attended, in the order recorded.</summary>
    public IReadOnlyList<string> Attendees { get; init; } = [];
}
