namespace EduFlows.StaffPortal;

/// <summary>A sign-in link sent by mail, stored by the hash of its secret (the secret itself is only in the mail).</summary>
/// <param name="Id">SHA-256 of the secret, hex.</param>
/// <param name="StaffId">Who it signs in.</param>
/// <param name="CreatedAt">When it was sent.</param>
/// <param name="ExpiresAt">When it stops working.</param>
/// <param name="UsedAt">When it was used; a link works once.</param>
public sealed record SignInLink(string Id, string StaffId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? UsedAt = null);
