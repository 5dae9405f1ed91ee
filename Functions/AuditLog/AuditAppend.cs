namespace EduFlows.AuditLog;

/// <summary>What a caller appends to a stream of the audit log.</summary>
/// <param name="Stream">The stream, e.g. one selection instance ("open-selection-2017-01"); an id without / \ # ?.</param>
/// <param name="EntryId">
/// The caller's id of the entry, unique in the stream: appending the same id again returns the entry stored the first
/// time and appends nothing (an activity retried after a crash). In an orchestration derive it deterministically
/// (the instance id and a step, or <c>context.NewGuid()</c>).
/// </param>
/// <param name="Kind">What happened, e.g. "score", "override", "decision", "objection".</param>
/// <param name="Actor">Who did it (a staff id, "system").</param>
/// <param name="Subject">What it is about (an applicant, a post).</param>
/// <param name="Payload">The details as a JSON text (stored and hashed exactly as given); null for none.</param>
public sealed record AuditAppend(string Stream, string EntryId, string Kind, string Actor, string Subject, string? Payload = null);
