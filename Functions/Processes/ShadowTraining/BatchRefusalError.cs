namespace EduFlows.Processes.ShadowTraining;

/// <summary>One field at fault in a refused batch change, as the office receives it.</summary>
/// <param name="Field">The field, as the API spells it.</param>
/// <param name="Reason">Why, in English (as the office's scripts read it).</param>
/// <param name="ReasonZh">Why, in Chinese.</param>
public sealed record BatchRefusalError(string Field, string Reason, string ReasonZh);
