namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>One principal's scores in a session, as handed in (department id → score).</summary>
/// <param name="Year">The year.</param>
/// <param name="PrincipalId">The principal.</param>
/// <param name="TaskId">The task they answered.</param>
/// <param name="ReceiptId">The receipt they got.</param>
/// <param name="SubmittedAt">When.</param>
/// <param name="Scores">Department id → score.</param>
public sealed record PrincipalScores(int Year, string PrincipalId, string TaskId, string ReceiptId, DateTimeOffset SubmittedAt, IReadOnlyDictionary<string, decimal> Scores)
{
    /// <summary>"2026-stf-00001".</summary>
    public string Id => $"{Year:D4}-{PrincipalId}";
}
