namespace EduFlows.Workbench.Operations;

/// <summary>The task page's filters, as given, and the choices for them.</summary>
/// <param name="Process">An orchestrator name, or null for all.</param>
/// <param name="Person">A staff id or name, or null for all.</param>
/// <param name="School">A school id, or null for all.</param>
/// <param name="OverdueOnly">Only tasks past due.</param>
/// <param name="Processes">The processes that have open tasks (orchestrator, name).</param>
/// <param name="Schools">The county's schools (id, name).</param>
public sealed record OfficeTaskFilter(
    string? Process,
    string? Person,
    string? School,
    bool OverdueOnly,
    IReadOnlyList<(string Orchestrator, string Name)> Processes,
    IReadOnlyList<(string Id, string Name)> Schools)
{
    /// <summary>How far back the escalations go, in days (one of <see cref="OfficeTasksApi.EscalationPeriods"/>).</summary>
    public int Days { get; init; } = OfficeTasksApi.EscalationDays;
}
