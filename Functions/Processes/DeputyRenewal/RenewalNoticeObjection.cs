namespace EduFlows.Processes.DeputyRenewal;

/// <summary>What a staff member sends from the notice page (<see cref="RenewalNoticeApi"/>): the objection is lodged in their own name.</summary>
/// <param name="AgainstStaffId">The person on notice objected to.</param>
/// <param name="Reason">What is objected, at most 500 characters.</param>
/// <param name="Contact">A telephone number or other way to reach them, optional, at most 50 characters.</param>
public sealed record RenewalNoticeObjection(string? AgainstStaffId, string? Reason, string? Contact);
