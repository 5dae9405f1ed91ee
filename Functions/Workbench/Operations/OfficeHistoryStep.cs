namespace EduFlows.Workbench.Operations;

/// <summary>One step of an instance's history on its timeline.</summary>
/// <param name="At">When (bureau time, to the second).</param>
/// <param name="What">What happened, in words.</param>
/// <param name="Name">The activity, event or sub-orchestration it names, shown as code; null when none.</param>
/// <param name="Detail">A failure's text or a payload, shown folded; null when none.</param>
/// <param name="Bad">A failure or a termination.</param>
/// <param name="Technical">The detail is the runtime's account of a failure (English, with its stack), folded under 技术详情 ("technical details").</param>
public sealed record OfficeHistoryStep(string At, string What, string? Name, string? Detail, bool Bad, bool Technical = false);
