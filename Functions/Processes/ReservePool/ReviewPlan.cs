namespace EduFlows.Processes.ReservePool;

/// <summary>What the review's first step found: members who left by rule, and those to review by task.</summary>
/// <param name="ExitedByRule">Member ids with the rule that took them out (appointed, aged out).</param>
/// <param name="ToReview">The members to review.</param>
public sealed record ReviewPlan(IReadOnlyList<KeyValuePair<string, PoolExitReason>> ExitedByRule, IReadOnlyList<MemberReviewRun> ToReview);
