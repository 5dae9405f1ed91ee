namespace EduFlows.AuditLog;

/// <summary>One entry of a stream as stored: what was appended, its place and time, and its link in the hash chain.</summary>
/// <param name="Stream">The stream.</param>
/// <param name="Sequence">Its place in the stream, from 1, without gaps.</param>
/// <param name="EntryId">The caller's id of the entry.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Actor">Who did it.</param>
/// <param name="Subject">What it is about.</param>
/// <param name="Payload">The details as JSON text, or null.</param>
/// <param name="At">When it was appended (the app's TimeProvider), UTC.</param>
/// <param name="PreviousHash">The previous entry's <paramref name="Hash"/> (64 zeros for the first).</param>
/// <param name="Hash">SHA-256 (lower-case hex) over <paramref name="PreviousHash"/> and the entry's canonical content.</param>
public sealed record AuditEntry(
    string Stream, long Sequence, string EntryId, string Kind, string Actor, string Subject, string? Payload, DateTimeOffset At, string PreviousHash, string Hash);
