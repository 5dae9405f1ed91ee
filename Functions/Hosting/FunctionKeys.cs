using System.Security.Cryptography;
using System.Text;

namespace EduFlows.Hosting;

/// <summary>
/// The host's keys: the master key (setting <c>MASTER_KEY</c>) and function keys (setting <c>FUNCTION_KEYS</c>,
/// comma-separated), accepted in the <c>x-functions-key</c> header or the <c>code</c> query parameter.
/// </summary>
public sealed class FunctionKeys
{
    /// <summary>The header Azure Functions reads keys from.</summary>
    public const string HeaderName = "x-functions-key";

    private readonly byte[]? _master;
    private readonly byte[][] _function;

    /// <summary>Creates the key set; blank keys are ignored.</summary>
    public FunctionKeys(string? masterKey, IEnumerable<string> functionKeys)
    {
        _master = string.IsNullOrWhiteSpace(masterKey) ? null : Encoding.UTF8.GetBytes(masterKey.Trim());
        _function = [.. functionKeys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => Encoding.UTF8.GetBytes(k.Trim()))];
    }

    /// <summary>The master key, for building management URLs; null when none is configured.</summary>
    public string? MasterKey => _master is null ? null : Encoding.UTF8.GetString(_master);

    /// <summary>Reads <c>MASTER_KEY</c> and <c>FUNCTION_KEYS</c> from configuration.</summary>
    public static FunctionKeys FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new FunctionKeys(configuration["MASTER_KEY"], (configuration["FUNCTION_KEYS"] ?? string.Empty).Split(','));
    }

    /// <summary>True when <paramref name="presented"/> grants <paramref name="level"/>.</summary>
    public bool Grants(AuthorizationLevel level, string? presented)
    {
        if (level == AuthorizationLevel.Anonymous)
        {
            return true;
        }

        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        byte[] key = Encoding.UTF8.GetBytes(presented);
        bool master = _master is not null && CryptographicOperations.FixedTimeEquals(key, _master);
        return master || (level == AuthorizationLevel.Function && _function.Any(k => CryptographicOperations.FixedTimeEquals(key, k)));
    }

    /// <summary>The key a request presents, from the header or the <c>code</c> query parameter.</summary>
    public static string? Presented(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? header = request.Headers[HeaderName];
        return string.IsNullOrEmpty(header) ? request.Query["code"].ToString() : header;
    }
}
