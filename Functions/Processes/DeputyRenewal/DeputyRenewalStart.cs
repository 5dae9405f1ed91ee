namespace EduFlows.Processes.DeputyRenewal;

/// <summary>What the office posts to start a school's round.</summary>
/// <param name="OwnerId">The bureau cadre who reviews the proposals and objections (directory id).</param>
public sealed record DeputyRenewalStart(string? OwnerId);
