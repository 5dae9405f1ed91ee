using EduFlows.Tasks;

namespace EduFlows.Processes.OpenSelection;

/// <summary>One answered task of a selection: whom or what it was about, and the answer.</summary>
/// <param name="Subject">The applicant, judge, candidate or objection the task was given for.</param>
/// <param name="Receipt">The answer (its time is the decision's time).</param>
public sealed record SelectionTaskAnswer(string Subject, TaskReceipt Receipt);
