namespace EduFlows.Processes.StaffReallocation;

/// <summary>One traced decision: who, when, in which step, under which rule, and what.</summary>
/// <param name="At">When (the orchestration's time, so the same when an activity runs twice).</param>
/// <param name="By">Who decided: a staff id, "rule" for a round's rule, or "nobody" when a window closed unanswered.</param>
/// <param name="Step">"posts", a round's name, "appeal" or "unplaced".</param>
/// <param name="What">The decision in words, with the rule where one decided.</param>
public sealed record TraceEntry(DateTimeOffset At, string By, string Step, string What);
