namespace EduFlows.Processes.OpenSelection;

/// <summary>What the selection's orchestration starts with.</summary>
/// <param name="SelectionId">The published selection.</param>
/// <param name="OfficeId">The organisation office's staff member who gets the review, inspection and objection tasks.</param>
/// <param name="TimeZone">The bureau's time zone (the timetable's days).</param>
/// <param name="Timetable">The announced timetable.</param>
/// <param name="Declared">Conflicts declared by judges or applicants, kept off the panel at the draw.</param>
/// <param name="LeadId">Who takes over an office task left unanswered too long (see <see cref="ProcessStart.LeadId"/>).</param>
public sealed record OpenSelectionRun(string SelectionId, string OfficeId, string TimeZone, SelectionTimetable Timetable, IReadOnlyList<DeclaredConflict> Declared, string? LeadId = null)
{
    /// <summary>The orchestration's instance id.</summary>
    public string InstanceId => OpenSelectionOrchestration.InstanceIdOf(SelectionId);
}
