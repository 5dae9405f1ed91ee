namespace EduFlows.Processes.OpenSelection;

/// <summary>What a signed-in staff member sends to apply or edit their application.</summary>
/// <param name="PostId">The post applied for.</param>
/// <param name="Statement">个人简述.</param>
public sealed record ApplicationForm(string? PostId, string? Statement);
