using System.Text;
using System.Text.Json;

namespace EduFlows.Hosting;

/// <summary>
/// The signed-in user App Service Authentication (Easy Auth) puts in front of the app: the <c>x-ms-client-principal</c>
/// header, Base64 JSON of the claims. Only App Service's front end can set it when authentication is on
/// (<c>WEBSITE_AUTH_ENABLED</c>); anywhere else a caller could write it, so it is read only then.
/// </summary>
/// <param name="Name">The user's name (the claim <c>name_typ</c> names), or empty.</param>
/// <param name="Roles">The app roles granted to the user.</param>
public sealed record EasyAuthPrincipal(string Name, IReadOnlyList<string> Roles)
{
    /// <summary>The header App Service writes.</summary>
    public const string HeaderName = "x-ms-client-principal";

    /// <summary>The setting App Service sets to "True" when its authentication is on.</summary>
    public const string EnabledSetting = "WEBSITE_AUTH_ENABLED";

    // Entra ID puts app roles in "roles"; Easy Auth may name its role claim type (role_typ) otherwise.
    private const string RolesClaim = "roles";
    private const string RoleClaim = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";

    /// <summary>True when configuration says App Service Authentication is on.</summary>
    public static bool IsEnabled(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return bool.TryParse(configuration[EnabledSetting], out bool on) && on;
    }

    /// <summary>The request's principal, or null when it carries none or one that does not read.</summary>
    public static EasyAuthPrincipal? From(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string header = request.Headers[HeaderName].ToString();
        if (header.Length == 0)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(header)));
            var root = json.RootElement;
            string nameType = Text(root, "name_typ") ?? "name";
            string roleType = Text(root, "role_typ") ?? RoleClaim;
            var claims = root.TryGetProperty("claims", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(c => (Type: Text(c, "typ"), Value: Text(c, "val"))).Where(c => c.Type is not null && c.Value is not null).ToList()
                : [];
            string name = claims.FirstOrDefault(c => c.Type == nameType).Value ?? request.Headers["x-ms-client-principal-name"].ToString();
            var roles = claims.Where(c => c.Type == roleType || c.Type == RolesClaim || c.Type == RoleClaim).Select(c => c.Value!).Distinct(StringComparer.Ordinal).ToList();
            return new EasyAuthPrincipal(name, roles);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>True when the user holds <paramref name="role"/> (app role values are case-sensitive in Entra ID).</summary>
    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>Encodes a principal as App Service would send it (for tests and local trials).</summary>
    public static string Encode(string name, params string[] roles)
    {
        var claims = new List<object> { new { typ = "name", val = name } };
        claims.AddRange(roles.Select(r => new { typ = RolesClaim, val = r }));
        return Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new { auth_typ = "aad", claims, name_typ = "name", role_typ = RoleClaim }));
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
