using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using EduFlows.Storage;

namespace EduFlows.StaffPortal;

/// <summary>Issues and redeems single-use, short-lived sign-in links (table <c>{hub}SignIns</c>).</summary>
public sealed class SignInLinks(StorageAccount account, string tableName, TimeProvider time)
{
    /// <summary>How long a sign-in link works.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly RecordTable<SignInLink> _table = new(account.Tables.GetTableClient(tableName), l => l.Id, l => new Dictionary<string, object?> { ["StaffId"] = l.StaffId });

    /// <summary>The table of a storage connection string (tests, and Azurite).</summary>
    public SignInLinks(string connectionString, string tableName, TimeProvider time)
        : this(StorageAccount.FromConnectionString(connectionString), tableName, time)
    {
    }

    /// <summary>Issues a link for a staff member; returns the secret for the mail.</summary>
    public async Task<string> IssueAsync(string staffId, CancellationToken cancellationToken)
    {
        string secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        await _table.TryAddAsync(new SignInLink(Hash(secret), staffId, now, now + Lifetime), cancellationToken).ConfigureAwait(false);
        return secret;
    }

    /// <summary>Whom an unused, unexpired link would sign in (without using it).</summary>
    public async Task<string?> PeekAsync(string secret, CancellationToken cancellationToken)
    {
        var link = (await _table.GetAsync(Hash(secret), cancellationToken).ConfigureAwait(false))?.Record;
        return link is { UsedAt: null } && time.GetUtcNow() < link.ExpiresAt ? link.StaffId : null;
    }

    /// <summary>Uses the link: returns whom it signs in, or null when it is unknown, used or expired. Only one caller ever wins.</summary>
    public async Task<string?> RedeemAsync(string secret, CancellationToken cancellationToken)
    {
        var read = await _table.GetAsync(Hash(secret), cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (read is not { Record.UsedAt: null } || now >= read.Record.ExpiresAt)
        {
            return null;
        }

        return await _table.TryReplaceAsync(read.Record with { UsedAt = now }, read.ETag, cancellationToken).ConfigureAwait(false) is null ? null : read.Record.StaffId;
    }

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
