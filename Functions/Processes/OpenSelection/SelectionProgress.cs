namespace EduFlows.Processes.OpenSelection;

/// <summary>Where the selection's orchestration is (its custom status), in the office's words.</summary>
/// <param name="SelectionId">The selection.</param>
/// <param name="Stage">The stage, e.g. 报名中、资格审查、公示中.</param>
/// <param name="Note">More about it, e.g. why it stopped; null when nothing to add.</param>
public sealed record SelectionProgress(string SelectionId, string Stage, string? Note = null);
