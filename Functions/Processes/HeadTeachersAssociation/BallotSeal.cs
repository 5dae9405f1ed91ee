using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EduFlows.Tasks;

namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>
/// Seals a ballot while it waits in the voter roll for its batch (AES-GCM under a key derived from the link key, the
/// election as associated data), so the roll's raw rows show nothing of the choice; and names each ballot in the box by
/// a keyed hash of its seal, so moving a batch twice writes each ballot once.
/// </summary>
public sealed class BallotSeal
{
    private const int NonceSize = 12, TagSize = 16;
    private readonly byte[] _sealKey;
    private readonly byte[] _idKey;

    /// <summary>Derives the keys from the link signer's key.</summary>
    public BallotSeal(TaskTokenSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        _sealKey = signer.DeriveKey("hta-ballot-seal");
        _idKey = signer.DeriveKey("hta-ballot-id");
    }

    /// <summary>The sealed choices (a fresh nonce each time, so two equal ballots do not look alike).</summary>
    public string Seal(string electionId, IReadOnlyList<string> choices)
    {
        byte[] plain = JsonSerializer.SerializeToUtf8Bytes(choices);
        byte[] sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_sealKey, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length), Encoding.UTF8.GetBytes(electionId));
        return Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>The choices of a sealed ballot.</summary>
    /// <exception cref="CryptographicException">When the seal was not made here for this election.</exception>
    public IReadOnlyList<string> Open(string electionId, string sealedBallot)
    {
        byte[] sealedBytes = Base64Url.DecodeFromChars(sealedBallot);
        int length = sealedBytes.Length - NonceSize - TagSize;
        byte[] plain = new byte[length];
        using var aes = new AesGcm(_sealKey, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, length), sealedBytes.AsSpan(NonceSize + length), plain, Encoding.UTF8.GetBytes(electionId));
        return JsonSerializer.Deserialize<string[]>(plain) ?? [];
    }

    /// <summary>The ballot's id in the box: unrelated to the voter, to the time and to the roll's order, the same every time for one seal.</summary>
    public string BoxIdOf(string sealedBallot) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_idKey, Encoding.UTF8.GetBytes(sealedBallot)))[..32];
}
