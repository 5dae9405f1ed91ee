namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>A department's points and place.</summary>
/// <param name="DepartmentId">The department.</param>
/// <param name="Baseline">Baseline points after deductions.</param>
/// <param name="Deductions">Everything deducted from the baseline.</param>
/// <param name="Innovation">Confirmed innovation points.</param>
/// <param name="Satisfaction">Satisfaction points.</param>
/// <param name="Total">Baseline + innovation + satisfaction, out of 1000.</param>
/// <param name="Rank">1 for the best; equal totals share a rank.</param>
/// <param name="Last">Whether the department counts as last (see <see cref="AssessmentRules.Rank"/>).</param>
public sealed record DepartmentScore(string DepartmentId, decimal Baseline, decimal Deductions, decimal Innovation, decimal Satisfaction, decimal Total, int Rank = 0, bool Last = false);
