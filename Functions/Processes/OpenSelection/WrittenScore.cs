namespace EduFlows.Processes.OpenSelection;

/// <summary>One eligible applicant's written-test score as stored.</summary>
/// <param name="StaffId">The applicant.</param>
/// <param name="Score">The score; null when absent (缺考).</param>
public sealed record WrittenScore(string StaffId, decimal? Score);
