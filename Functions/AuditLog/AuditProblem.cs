namespace EduFlows.AuditLog;

/// <summary>The first place where a stream's chain does not hold.</summary>
/// <param name="Sequence">The entry's place in the stream (for a missing entry, the place it should have).</param>
/// <param name="EntryId">The entry's id when the row is there to read it, else null.</param>
/// <param name="Problem">"changed" (its content or hash is not what was chained), "missing" (deleted), or "reordered" (a row moved to another place).</param>
/// <param name="Detail">Why, in Chinese then English.</param>
public sealed record AuditProblem(long Sequence, string? EntryId, string Problem, string Detail);
