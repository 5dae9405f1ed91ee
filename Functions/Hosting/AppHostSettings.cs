using System.Text.Json;

namespace EduFlows.Hosting;

/// <summary>
/// The two host.json values the app itself needs: the task hub (its tables are named after it) and the HTTP route
/// prefix (e-mailed links carry it). The host reads host.json for everything else; both honour the
/// <c>AzureFunctionsJobHost__…</c> app settings that override it, so app and host agree.
/// </summary>
/// <param name="HubName">The task hub name.</param>
/// <param name="RoutePrefix">The HTTP route prefix, "api" unless host.json says otherwise.</param>
public sealed record AppHostSettings(string HubName, string RoutePrefix)
{
    /// <summary>The override setting for the hub name.</summary>
    public const string HubNameSetting = "AzureFunctionsJobHost:extensions:durableTask:hubName";

    /// <summary>The override setting for the route prefix.</summary>
    public const string RoutePrefixSetting = "AzureFunctionsJobHost:extensions:http:routePrefix";

    /// <summary>Reads the settings from configuration, then host.json beside the app (in Azure, wwwroot), then defaults.</summary>
    public static AppHostSettings FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string path = Path.Combine(AppRoot.Locate(AppContext.BaseDirectory), "host.json");
        string? hub = null, prefix = null;
        if (File.Exists(path))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            hub = Find(document.RootElement, "extensions", "durableTask", "hubName");
            prefix = Find(document.RootElement, "extensions", "http", "routePrefix");
        }

        return new AppHostSettings(configuration[HubNameSetting] ?? hub ?? "EduFlows", (configuration[RoutePrefixSetting] ?? prefix ?? "api").Trim('/'));
    }

    private static string? Find(JsonElement element, params string[] path)
    {
        foreach (string name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }
}
