namespace EduFlows.Processes.Secondment;

/// <summary>The orchestration's input: the assignment, where it stands, and the options it started with.</summary>
/// <param name="Plan">The assignment.</param>
/// <param name="State">Where it stands (the month to run next).</param>
/// <param name="Options">The timetable and extension rule, fixed when the assignment started.</param>
public sealed record SecondmentRun(SecondmentPlan Plan, SecondmentState State, SecondmentOptions Options);
