namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>The leaders judging one duty review, and the task each scores through.</summary>
/// <param name="Year">The year.</param>
/// <param name="Half">1 or 2.</param>
/// <param name="DepartmentIds">The departments whose heads reported.</param>
/// <param name="JudgeTasks">Leader id → judging task id.</param>
/// <param name="DepartmentNames">Department id → name, as the judges see them.</param>
public sealed record DutyPanel(int Year, int Half, IReadOnlyList<string> DepartmentIds, IReadOnlyDictionary<string, string> JudgeTasks, IReadOnlyDictionary<string, string>? DepartmentNames = null)
{
    /// <summary>"2026-H1".</summary>
    public string Id => $"{Year:D4}-H{Half}";
}
