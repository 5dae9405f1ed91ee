namespace EduFlows.Processes.DeputyRenewal;

/// <summary>An objection to a promotion on public notice (公示异议), raised to the school's round as an event.</summary>
/// <param name="AgainstStaffId">The person on notice objected to.</param>
/// <param name="Objector">Who objects (name and contact; kept with the objection, shown to the bureau only).</param>
/// <param name="Reason">What is objected, at most 500 characters.</param>
public sealed record RenewalObjection(string? AgainstStaffId, string? Objector, string? Reason);
