using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using EduFlows.Storage;

namespace EduFlows.StaffPortal;

/// <summary>
/// The server's record of every sign-in (table <c>{hub}Sessions</c>): a session cookie signs its staff member in only
/// while the session it names is here and not revoked, so signing out ends it for every copy of the cookie.
/// </summary>
public sealed class StaffSessionStore(StorageAccount account, string tableName, TimeProvider time)
{
    private readonly RecordTable<StaffSessionRecord> _table = new(
        account.Tables.GetTableClient(tableName), s => s.Id, s => new Dictionary<string, object?> { ["StaffId"] = s.StaffId, ["RevokedAt"] = s.RevokedAt });

    /// <summary>Starts a session for a staff member; returns its id (for the cookie's session claim).</summary>
    public async Task<string> StartAsync(string staffId, CancellationToken cancellationToken)
    {
        string id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await _table.TryAddAsync(new StaffSessionRecord(Hash(id), staffId, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <summary>Whether the session is known, still the staff member's, and not revoked.</summary>
    public async Task<bool> IsActiveAsync(string sessionId, string staffId, CancellationToken cancellationToken)
    {
        var session = (await _table.GetAsync(Hash(sessionId), cancellationToken).ConfigureAwait(false))?.Record;
        return session is { RevokedAt: null } && session.StaffId == staffId;
    }

    /// <summary>Ends the session for good (nothing happens for an unknown or already revoked one).</summary>
    public async Task RevokeAsync(string sessionId, CancellationToken cancellationToken)
    {
        string id = Hash(sessionId);
        for (int attempt = 0; attempt < 5; attempt++)
        {
            var read = await _table.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (read is not { Record.RevokedAt: null })
            {
                return;
            }

            if (await _table.TryReplaceAsync(read.Record with { RevokedAt = time.GetUtcNow() }, read.ETag, cancellationToken).ConfigureAwait(false) is not null)
            {
                return;
            }
        }

        throw new InvalidOperationException("The session kept changing while it was being revoked.");
    }

    private static string Hash(string sessionId) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sessionId)));
}
