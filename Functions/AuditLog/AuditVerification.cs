namespace EduFlows.AuditLog;

/// <summary>The answer of a verification: whether the whole chain holds, and if not, its first problem.</summary>
/// <param name="Stream">The stream.</param>
/// <param name="Entries">How many entry rows were read.</param>
/// <param name="Intact">True when every entry is there, in its place, with the hash it was chained with.</param>
/// <param name="FirstProblem">The first problem found, in sequence order; null when intact.</param>
/// <param name="LastHash">The last entry's hash (the chain's head) when intact: note it elsewhere to detect a rewritten chain.</param>
public sealed record AuditVerification(string Stream, long Entries, bool Intact, AuditProblem? FirstProblem, string? LastHash);
