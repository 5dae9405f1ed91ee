using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EduFlows.AuditLog;

/// <summary>How an entry is hashed into its stream's chain.</summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of a stream's first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>
    /// SHA-256 (lower-case hex) over the previous hash, a line feed, and the entry's canonical content: a JSON array of
    /// stream, sequence, entry id, kind, actor, subject, payload (null when none) and time (round-trip "O", UTC).
    /// </summary>
    public static string HashOf(string previousHash, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(previousHash);
        ArgumentNullException.ThrowIfNull(entry);
        string?[] content =
        [
            entry.Stream, entry.Sequence.ToString(CultureInfo.InvariantCulture), entry.EntryId, entry.Kind, entry.Actor, entry.Subject, entry.Payload,
            entry.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ];
        byte[] bytes = Encoding.UTF8.GetBytes(previousHash + "\n" + JsonSerializer.Serialize(content));
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
