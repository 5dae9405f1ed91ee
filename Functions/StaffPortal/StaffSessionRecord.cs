namespace EduFlows.StaffPortal;

/// <summary>One sign-in's session, stored by the hash of its id (the id itself is only inside the encrypted cookie).</summary>
/// <param name="Id">SHA-256 of the session id, hex.</param>
/// <param name="StaffId">Whose session it is.</param>
/// <param name="CreatedAt">When the staff member signed in.</param>
/// <param name="RevokedAt">When it was ended (signed out); a revoked session signs nobody in again.</param>
public sealed record StaffSessionRecord(string Id, string StaffId, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt = null);
