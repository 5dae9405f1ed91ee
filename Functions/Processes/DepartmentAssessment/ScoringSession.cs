namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>A year-end scoring session: when it is open, which departments are scored, and each principal's task.</summary>
/// <param name="Year">The year.</param>
/// <param name="OpensAt">When scoring opens.</param>
/// <param name="ClosesAt">When it closes; later scores are refused.</param>
/// <param name="DepartmentIds">The departments scored, in presentation order.</param>
/// <param name="PrincipalTasks">Principal id → scoring task id.</param>
public sealed record ScoringSession(int Year, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, IReadOnlyList<string> DepartmentIds, IReadOnlyDictionary<string, string> PrincipalTasks)
{
    /// <summary>"2026".</summary>
    public string Id => Year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
}
