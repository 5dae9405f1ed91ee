namespace EduFlows.Processes.OpenSelection;

/// <summary>The organisation office's eligibility decision (资格审查) on one applicant, always with a reason.</summary>
/// <param name="StaffId">The applicant.</param>
/// <param name="Eligible">True when the applicant goes on to the written test.</param>
/// <param name="Reason">Why, as the office wrote it.</param>
/// <param name="By">Who decided.</param>
/// <param name="At">When.</param>
public sealed record EligibilityDecision(string StaffId, bool Eligible, string Reason, string By, DateTimeOffset At);
