using System.Text.Json.Serialization;

namespace EduFlows.Processes.StaffReallocation;

/// <summary>One traced decision: who, when, in which step, under which rule, and what.</summary>
/// <param name="At">When (the orchestration's time, so the same when an activity runs twice).</param>
/// <param name="By">Who decided: a staff id, "rule" for a round's rule, or "nobody" when a window closed unanswered.</param>
/// <param name="Step">"posts", a round's name, "appeal" or "unplaced".</param>
/// <param name="What">The decision in words, with the rule where one decided: stable English that audits and tests compare.</param>
public sealed record TraceEntry(DateTimeOffset At, string By, string Step, string What)
{
    /// <summary>
    /// On a "posts" entry, the bureau's decision on the county's posts, which pages word for staff
    /// (<see cref="PlacementWords.PostsDecision(TraceEntry)"/>); null on any other entry, and on one written before the
    /// decision was kept (its <see cref="What"/> is read then).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PostsApproval? Approval { get; init; }

    /// <summary>The bureau's own words with the decision (why the posts were sent back); null when it gave none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Note { get; init; }
}
