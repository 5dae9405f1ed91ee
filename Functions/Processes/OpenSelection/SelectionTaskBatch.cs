using EduFlows.Tasks;

namespace EduFlows.Processes.OpenSelection;

/// <summary>The tasks of one step to give, each with what it is about (same order).</summary>
/// <param name="Subjects">The applicant, judge, candidate or objection each task is about.</param>
/// <param name="Requests">The tasks.</param>
public sealed record SelectionTaskBatch(IReadOnlyList<string> Subjects, IReadOnlyList<StaffTaskRequest> Requests);
