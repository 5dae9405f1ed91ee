namespace EduFlows.AuditLog;

/// <summary>A page of a stream's entries.</summary>
/// <param name="Stream">The stream.</param>
/// <param name="Entries">The entries, in sequence order.</param>
/// <param name="Next">The sequence to ask <c>from</c> for the next page; null at the end.</param>
public sealed record AuditPage(string Stream, IReadOnlyList<AuditEntry> Entries, long? Next);
