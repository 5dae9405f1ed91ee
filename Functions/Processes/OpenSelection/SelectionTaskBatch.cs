using EduFlows.Tasks;

namespace EduFlows.Processes.OpenSelection;

/// <summary>The tasks of one step to give, each with what it is about (same order).</summary>
/// <param name="Subjects">The applicant, judge, candidate or objection each task is about.</param>
/// <param name="Requests">The tasks.</param>
/// <param name="Overdue">
/// Inspections or objections asked of nobody again: left unanswered through the re-asks and the escalation (or the
/// re-asks, with no lead to escalate to), they wait on the office's page; null in batches recorded before there were any.
/// </param>
public sealed record SelectionTaskBatch(IReadOnlyList<string> Subjects, IReadOnlyList<StaffTaskRequest> Requests, IReadOnlyList<string>? Overdue = null);
