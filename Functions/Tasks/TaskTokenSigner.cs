using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EduFlows.Tasks;

/// <summary>
/// Signs and checks the tokens in e-mailed task links: <c>base64url(payload).base64url(HMAC-SHA256(payload))</c> with a
/// key from configuration (<c>TASK_TOKEN_KEY</c>, base64, at least 32 bytes). A token names its task and assignee and
/// expires with the task; single use is enforced by the task's status, not by the token.
/// </summary>
public sealed class TaskTokenSigner
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly byte[] _key;
    private readonly TimeProvider _time;

    /// <summary>Creates the signer.</summary>
    /// <exception cref="ArgumentException">When the key is shorter than 32 bytes.</exception>
    public TaskTokenSigner(byte[] key, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 32)
        {
            throw new ArgumentException("The task token key must be at least 32 bytes (256 bits).", nameof(key));
        }

        _key = key;
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Reads the key from the <c>TASK_TOKEN_KEY</c> setting (base64).</summary>
    /// <exception cref="InvalidOperationException">When the setting is missing or not base64 of at least 32 bytes, naming it.</exception>
    public static TaskTokenSigner FromConfiguration(IConfiguration configuration, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? text = configuration["TASK_TOKEN_KEY"];
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text ?? string.Empty);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("TASK_TOKEN_KEY must be base64 (for example: openssl rand -base64 32).");
        }

        return key.Length >= 32 ? new TaskTokenSigner(key, time) : throw new InvalidOperationException("TASK_TOKEN_KEY must hold at least 32 random bytes, base64-encoded.");
    }

    /// <summary>A key of its own for another purpose (e.g. sealing ballots), derived from the link key so no second secret is configured.</summary>
    /// <param name="purpose">What the key is for; different purposes get unrelated keys.</param>
    public byte[] DeriveKey(string purpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        return HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("eduflows-derived-key:" + purpose));
    }

    /// <summary>Issues the token for a task link.</summary>
    public string Issue(TaskLinkToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        byte[] payload = JsonSerializer.SerializeToUtf8Bytes(new Payload(token.TaskId, token.AssigneeId, token.ExpiresAt.ToUnixTimeSeconds()), Json);
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_key, payload));
    }

    /// <summary>
    /// Checks a token's signature and expiry whatever task it names: for pages where the link's holder acts as the
    /// task's assignee beyond that task (a researcher logging records from a review task's link).
    /// </summary>
    public TaskTokenCheck CheckSigned(string? presented, out TaskLinkToken? token)
    {
        var check = Check(presented, string.Empty, out token);
        return check == TaskTokenCheck.OtherTask
            ? (_time.GetUtcNow() >= token!.ExpiresAt ? TaskTokenCheck.Expired : TaskTokenCheck.Valid)
            : check;
    }

    /// <summary>Checks a presented token against the task the link points at.</summary>
    public TaskTokenCheck Check(string? presented, string taskId, out TaskLinkToken? token)
    {
        token = null;
        if (string.IsNullOrEmpty(presented) || presented.Split('.') is not [var body, var signature])
        {
            return TaskTokenCheck.Unauthenticated;
        }

        byte[] payload;
        byte[] mac;
        try
        {
            payload = Base64Url.DecodeFromChars(body);
            mac = Base64Url.DecodeFromChars(signature);
        }
        catch (FormatException)
        {
            return TaskTokenCheck.Unauthenticated;
        }

        // Constant time: a forger learns nothing from how long the comparison took.
        if (!CryptographicOperations.FixedTimeEquals(mac, HMACSHA256.HashData(_key, payload)))
        {
            return TaskTokenCheck.Unauthenticated;
        }

        var claims = JsonSerializer.Deserialize<Payload>(payload, Json);
        if (claims is null || string.IsNullOrEmpty(claims.T) || string.IsNullOrEmpty(claims.A))
        {
            return TaskTokenCheck.Unauthenticated;
        }

        token = new TaskLinkToken(claims.T, claims.A, DateTimeOffset.FromUnixTimeSeconds(claims.E));
        if (!string.Equals(claims.T, taskId, StringComparison.Ordinal))
        {
            return TaskTokenCheck.OtherTask;
        }

        return _time.GetUtcNow() >= token.ExpiresAt ? TaskTokenCheck.Expired : TaskTokenCheck.Valid;
    }

    // Short names keep links short enough for SMS-sized mail clients.
    private sealed record Payload(string T, string A, long E);
}
