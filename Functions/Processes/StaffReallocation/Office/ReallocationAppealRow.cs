namespace EduFlows.Processes.StaffReallocation.Office;

/// <summary>An appeal against a round's result, or an objection to one's points, with where it stands.</summary>
/// <param name="StaffId">Who brought it.</param>
/// <param name="Name">Their name.</param>
/// <param name="Kind">积分异议, or the round's appeal.</param>
/// <param name="Reason">Their reason.</param>
/// <param name="Status">待处理 (with what it waits for) or 已处理.</param>
/// <param name="Outcome">The bureau's decision; null while pending.</param>
/// <param name="DecidedBy">Who decided, by name; null while pending.</param>
/// <param name="DecidedAt">When, bureau time; null while pending.</param>
/// <param name="Note">The bureau's note to the person, if any.</param>
public sealed record ReallocationAppealRow(string StaffId, string Name, string Kind, string Reason, string Status, string? Outcome, string? DecidedBy, string? DecidedAt, string? Note);
