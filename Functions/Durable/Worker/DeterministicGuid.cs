using System.Security.Cryptography;
using System.Text;

namespace EduFlows.Durable.Worker;

/// <summary>Name-based UUIDs (RFC 9562 version 5): the same name always gives the same GUID.</summary>
internal static class DeterministicGuid
{
    // The URL namespace of RFC 4122, in network byte order.
    private static readonly byte[] Namespace = Guid.Parse("6ba7b811-9dad-11d1-80b4-00c04fd430c8").ToByteArray(bigEndian: true);

    public static Guid Create(string name)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        byte[] buffer = new byte[Namespace.Length + nameBytes.Length];
        Namespace.CopyTo(buffer, 0);
        nameBytes.CopyTo(buffer, Namespace.Length);
#pragma warning disable CA5350 // SHA-1 is what version-5 UUIDs are defined with; nothing secret depends on it.
        byte[] hash = SHA1.HashData(buffer);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
