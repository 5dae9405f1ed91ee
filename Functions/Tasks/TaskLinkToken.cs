namespace EduFlows.Tasks;

/// <summary>What a task link's token says: whose task it is and until when it may be used.</summary>
/// <param name="TaskId">The task the link opens.</param>
/// <param name="AssigneeId">The staff member the task is addressed to.</param>
/// <param name="ExpiresAt">When the link stops working (the task's due time).</param>
public sealed record TaskLinkToken(string TaskId, string AssigneeId, DateTimeOffset ExpiresAt);
