namespace EduFlows.Processes.OpenSelection;

/// <summary>A staff member's application (报名), editable until the deadline.</summary>
/// <param name="StaffId">The applicant (from their sign-in, never from the body).</param>
/// <param name="PostId">The post applied for.</param>
/// <param name="Statement">What the applicant writes about themselves (个人简述).</param>
/// <param name="SubmittedAt">First sent.</param>
/// <param name="UpdatedAt">Last changed.</param>
/// <param name="CorrectionUsed">True once the applicant has sent their one correction after an eligibility refusal.</param>
public sealed record Application(string StaffId, string PostId, string Statement, DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt, bool CorrectionUsed = false);
