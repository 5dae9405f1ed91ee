namespace EduFlows.Processes.OpenSelection;

/// <summary>A judge of the pool kept off the panel for a conflict of interest, and why (in Chinese).</summary>
/// <param name="JudgeId">The judge.</param>
/// <param name="ReasonZh">The conflict, e.g. 与应聘人 stf-000123 同一学校.</param>
public sealed record ExcludedJudge(string JudgeId, string ReasonZh);
