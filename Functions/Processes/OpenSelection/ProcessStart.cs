namespace EduFlows.Processes.OpenSelection;

/// <summary>The office's request to run a published selection as a process.</summary>
/// <param name="OfficeId">The organisation office's staff member who gets the review, inspection and objection tasks.</param>
/// <param name="DeclaredConflicts">Conflicts declared by judges or applicants (回避申报), kept off the panel at the draw.</param>
public sealed record ProcessStart(string? OfficeId, IReadOnlyList<DeclaredConflict>? DeclaredConflicts);
