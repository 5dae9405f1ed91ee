namespace EduFlows.Processes.OpenSelection;

/// <summary>What a step on a stored selection came to: the case after it, or why it was refused (nothing stored then).</summary>
/// <param name="Selection">The case as stored after the step; null when there is no such selection.</param>
/// <param name="Refusal">Why the step was refused; null when it was applied and stored.</param>
/// <param name="FirstNewSeq">The first trail entry the step added (for the audit log's appends).</param>
public sealed record SelectionChange(SelectionCase? Selection, SelectionRefusal? Refusal, int FirstNewSeq);
