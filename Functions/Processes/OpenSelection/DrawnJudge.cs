namespace EduFlows.Processes.OpenSelection;

/// <summary>A judge on the drawn panel, or an alternate (in draw order, called when a judge drops out).</summary>
/// <param name="JudgeId">The judge's staff id.</param>
/// <param name="Group">The judge's group: external-expert, retired-principal or retired-cadre.</param>
/// <param name="Order">Position in the group's shuffled order (1 first).</param>
public sealed record DrawnJudge(string JudgeId, string Group, int Order);
