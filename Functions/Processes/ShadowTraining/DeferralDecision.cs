namespace EduFlows.Processes.ShadowTraining;

/// <summary>The bureau's answer to a trainee's request to defer (raised to the trainee's sub-orchestration).</summary>
/// <param name="Approve">True to move the trainee to the next batch.</param>
/// <param name="Note">Why, for the trainee.</param>
public sealed record DeferralDecision(bool Approve, string? Note);
