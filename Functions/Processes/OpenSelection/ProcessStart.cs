namespace EduFlows.Processes.OpenSelection;

/// <summary>The office's request to run a published selection as a process.</summary>
/// <param name="OfficeId">The organisation office's staff member who gets the review, inspection and objection tasks.</param>
/// <param name="DeclaredConflicts">Conflicts declared by judges or applicants (回避申报), kept off the panel at the draw.</param>
/// <param name="LeadId">The office's lead (分管领导), who takes over an inspection or objection the office has left unanswered through <see cref="OpenSelectionOrchestration.ReAsksBeforeEscalation"/> re-asks; once, after which nobody is asked again and the matter waits on the office's page; none: it waits there straight after the re-asks.</param>
public sealed record ProcessStart(string? OfficeId, IReadOnlyList<DeclaredConflict>? DeclaredConflicts, string? LeadId = null);
