using EduFlows.StaffDirectory;

namespace EduFlows.Processes.OpenSelection;

/// <summary>What the written scores' import came to: the number taken, or why nothing was taken.</summary>
/// <param name="Taken">Candidates whose score (or absence) was taken; 0 when refused.</param>
/// <param name="Refusal">Why the import was refused as a whole (too early, done already, no such selection, a row too long or too wide); null otherwise.</param>
/// <param name="Errors">Every bad row and column of the sheet; nothing was taken when there is any.</param>
public sealed record WrittenScoresImport(int Taken, SelectionRefusal? Refusal, IReadOnlyList<RowError> Errors);
