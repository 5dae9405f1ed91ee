using System.Globalization;
using System.Text.Json;
using EduFlows.DurableTask.Providers;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Logging;

namespace EduFlows.Hosting;

/// <summary>
/// Reads <c>host.json</c> (version "2.0") strictly: a setting EduFlows does not know, or a value of the wrong kind,
/// stops the host with a message naming it, instead of being silently ignored.
/// </summary>
public static class HostJson
{
    /// <summary>Reads the file in <paramref name="appRoot"/>; defaults when there is none.</summary>
    /// <exception cref="HostJsonException">When a setting is unknown or invalid.</exception>
    public static HostSettings Load(string appRoot)
    {
        string path = Path.Combine(appRoot, "host.json");
        return File.Exists(path) ? Parse(File.ReadAllText(path)) : new HostSettings();
    }

    /// <summary>Parses host.json text.</summary>
    /// <exception cref="HostJsonException">When a setting is unknown or invalid.</exception>
    public static HostSettings Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new HostJsonException("(file)", $"is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var settings = new HostSettings();
            var root = Object(document.RootElement, "(root)");
            foreach (var property in root.EnumerateObject())
            {
                settings = property.Name switch
                {
                    "version" => String(property.Value, "version") == "2.0" ? settings : throw new HostJsonException("version", "must be \"2.0\"."),
                    "functionTimeout" => settings with { FunctionTimeout = Duration(property.Value, "functionTimeout") },
                    "logging" => ReadLogging(property.Value, settings),
                    "extensions" => ReadExtensions(property.Value, settings),
                    _ => throw Unknown(property.Name),
                };
            }

            return settings;
        }
    }

    /// <summary>
    /// Applies app settings that override host.json, named as in Azure Functions
    /// (<c>AzureFunctionsJobHost__extensions__durableTask__hubName</c> and so on).
    /// </summary>
    /// <exception cref="HostJsonException">When an override is invalid.</exception>
    public static HostSettings WithOverrides(HostSettings settings, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("AzureFunctionsJobHost");
        if (section["extensions:durableTask:hubName"] is { } hub)
        {
            settings = settings with { HubName = HubName(hub, "extensions.durableTask.hubName") };
        }

        if (section["extensions:durableTask:storageProvider:partitionCount"] is { } partitions)
        {
            settings = settings with
            {
                PartitionCount = int.TryParse(partitions, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= 16
                    ? n
                    : throw new HostJsonException("extensions.durableTask.storageProvider.partitionCount", "must be a whole number from 1 to 16."),
            };
        }

        if (section["extensions:durableTask:storageProvider:controlQueueVisibilityTimeout"] is { } control)
        {
            settings = settings with { ControlQueueVisibilityTimeout = Visibility(control, "extensions.durableTask.storageProvider.controlQueueVisibilityTimeout") };
        }

        if (section["extensions:durableTask:storageProvider:workItemQueueVisibilityTimeout"] is { } workItem)
        {
            settings = settings with { WorkItemQueueVisibilityTimeout = Visibility(workItem, "extensions.durableTask.storageProvider.workItemQueueVisibilityTimeout") };
        }

        if (section["extensions:durableTask:storageProvider:type"] is { } type)
        {
            settings = settings with { StorageProvider = ProviderType(type, "extensions.durableTask.storageProvider.type") };
        }

        // A deployment may bump the version in its app settings instead of in host.json.
        if (section["extensions:durableTask:defaultVersion"] is { } version)
        {
            settings = settings with { DefaultVersion = Version(version, "extensions.durableTask.defaultVersion") };
        }

        // And the strategies with it, e.g. Strict + Fail for a deploy that must not run old instances on new code.
        if (section["extensions:durableTask:versionMatchStrategy"] is { } match)
        {
            settings = settings with { VersionMatchStrategy = Strategy<DurableTaskWorkerOptions.VersionMatchStrategy>(match, "extensions.durableTask.versionMatchStrategy") };
        }

        if (section["extensions:durableTask:versionFailureStrategy"] is { } failure)
        {
            settings = settings with { VersionFailureStrategy = Strategy<DurableTaskWorkerOptions.VersionFailureStrategy>(failure, "extensions.durableTask.versionFailureStrategy") };
        }

        if (section["extensions:http:routePrefix"] is { } prefix)
        {
            settings = settings with { RoutePrefix = RoutePrefix(prefix, "extensions.http.routePrefix") };
        }

        // AzureFunctionsJobHost__logging__logLevel__EduFlows=Information: one category's level, the others as host.json has them.
        var levels = section.GetSection("logging:logLevel").GetChildren().ToList();
        if (levels.Count > 0)
        {
            var merged = new Dictionary<string, LogLevel>(settings.LogLevels, StringComparer.OrdinalIgnoreCase);
            foreach (var level in levels)
            {
                string path = $"logging.logLevel.{level.Key}";
                merged[level.Key] = Enum.TryParse<LogLevel>(level.Value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                    ? parsed
                    : throw new HostJsonException(path, $"must be one of {string.Join(", ", Enum.GetNames<LogLevel>())}.");
            }

            settings = settings with { LogLevels = merged };
        }

        return settings;
    }

    private static HostSettings ReadLogging(JsonElement logging, HostSettings settings)
    {
        foreach (var property in Object(logging, "logging").EnumerateObject())
        {
            if (property.Name != "logLevel")
            {
                throw Unknown($"logging.{property.Name}");
            }

            var levels = new Dictionary<string, LogLevel>(StringComparer.OrdinalIgnoreCase);
            foreach (var level in Object(property.Value, "logging.logLevel").EnumerateObject())
            {
                string path = $"logging.logLevel.{level.Name}";
                levels[level.Name] = Enum.TryParse<LogLevel>(String(level.Value, path), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                    ? parsed
                    : throw new HostJsonException(path, $"must be one of {string.Join(", ", Enum.GetNames<LogLevel>())}.");
            }

            settings = settings with { LogLevels = levels };
        }

        return settings;
    }

    private static HostSettings ReadExtensions(JsonElement extensions, HostSettings settings)
    {
        foreach (var extension in Object(extensions, "extensions").EnumerateObject())
        {
            settings = extension.Name switch
            {
                "http" => ReadHttp(extension.Value, settings),
                "durableTask" => ReadDurableTask(extension.Value, settings),
                _ => throw Unknown($"extensions.{extension.Name}"),
            };
        }

        return settings;
    }

    private static HostSettings ReadHttp(JsonElement http, HostSettings settings)
    {
        foreach (var property in Object(http, "extensions.http").EnumerateObject())
        {
            string path = $"extensions.http.{property.Name}";
            settings = property.Name switch
            {
                "routePrefix" => settings with { RoutePrefix = RoutePrefix(String(property.Value, path), path) },
                _ => throw Unknown(path),
            };
        }

        return settings;
    }

    private static HostSettings ReadDurableTask(JsonElement durableTask, HostSettings settings)
    {
        foreach (var property in Object(durableTask, "extensions.durableTask").EnumerateObject())
        {
            string path = $"extensions.durableTask.{property.Name}";
            settings = property.Name switch
            {
                "hubName" => settings with { HubName = HubName(String(property.Value, path), path) },
                "maxConcurrentActivityFunctions" => settings with { MaxConcurrentActivityFunctions = Integer(property.Value, path, 1, 1000) },
                "maxConcurrentOrchestratorFunctions" => settings with { MaxConcurrentOrchestratorFunctions = Integer(property.Value, path, 1, 1000) },
                "storageProvider" => ReadStorageProvider(property.Value, settings),
                "defaultVersion" => settings with { DefaultVersion = Version(String(property.Value, path), path) },
                "versionMatchStrategy" => settings with { VersionMatchStrategy = Strategy<DurableTaskWorkerOptions.VersionMatchStrategy>(String(property.Value, path), path) },
                "versionFailureStrategy" => settings with { VersionFailureStrategy = Strategy<DurableTaskWorkerOptions.VersionFailureStrategy>(String(property.Value, path), path) },
                _ => throw Unknown(path),
            };
        }

        return settings;
    }

    private static HostSettings ReadStorageProvider(JsonElement provider, HostSettings settings)
    {
        foreach (var property in Object(provider, "extensions.durableTask.storageProvider").EnumerateObject())
        {
            string path = $"extensions.durableTask.storageProvider.{property.Name}";
            settings = property.Name switch
            {
                "partitionCount" => settings with { PartitionCount = Integer(property.Value, path, 1, 16) },
                "type" => settings with { StorageProvider = ProviderType(String(property.Value, path), path) },
                "controlQueueVisibilityTimeout" => settings with { ControlQueueVisibilityTimeout = Visibility(String(property.Value, path), path) },
                "workItemQueueVisibilityTimeout" => settings with { WorkItemQueueVisibilityTimeout = Visibility(String(property.Value, path), path) },
                _ => throw Unknown(path),
            };
        }

        return settings;
    }

    private static HostJsonException Unknown(string path) => new(path, "is not a setting EduFlows knows; remove it or fix its spelling.");

    private static JsonElement Object(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Object ? element : throw new HostJsonException(path, "must be a JSON object.");

    private static string String(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw new HostJsonException(path, "must be a string.");

    private static int Integer(JsonElement element, string path, int min, int max) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out int value) && value >= min && value <= max
            ? value
            : throw new HostJsonException(path, $"must be a whole number from {min} to {max}.");

    private static TimeSpan Duration(JsonElement element, string path)
    {
        string text = String(element, path);
        return TimeSpan.TryParseExact(text, @"hh\:mm\:ss", CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero
            ? value
            : throw new HostJsonException(path, "must be a positive duration \"hh:mm:ss\".");
    }

    // As Durable Functions writes it ("hh:mm:ss"); at least 2 s (renewed at a third of it), at most an hour.
    private static TimeSpan Visibility(string value, string path) =>
        TimeSpan.TryParseExact(value, @"hh\:mm\:ss", CultureInfo.InvariantCulture, out var visibility) && visibility >= TimeSpan.FromSeconds(2) && visibility <= TimeSpan.FromHours(1)
            ? visibility
            : throw new HostJsonException(path, "must be a duration \"hh:mm:ss\" from 00:00:02 to 01:00:00.");

    private static string HubName(string value, string path) =>
        value.Length is >= 3 and <= 45 && char.IsAsciiLetter(value[0]) && value.All(char.IsAsciiLetterOrDigit)
            ? value
            : throw new HostJsonException(path, "must be 3-45 letters or digits, starting with a letter.");

    // Durable Functions spells the provider "AzureStorage"; ours is "EduFlows". Other providers (mssql, netherite) are not here.
    private static DurableStorageProvider ProviderType(string value, string path) =>
        Enum.TryParse<DurableStorageProvider>(value, ignoreCase: true, out var type) && Enum.IsDefined(type) && !int.TryParse(value, out _)
            ? type
            : throw new HostJsonException(path, $"must be \"{DurableStorageProvider.EduFlows}\" (ours, the default) or \"{DurableStorageProvider.AzureStorage}\" (Microsoft's).");

    private static string Version(string value, string path) =>
        value.Length is > 0 and <= 64 && !value.Any(char.IsWhiteSpace)
            ? value
            : throw new HostJsonException(path, "must be a version such as \"1.0\" (1-64 characters, no spaces).");

    // Spelled as Durable Functions documents them; a number is not a strategy even where the enum would take it.
    private static T Strategy<T>(string value, string path)
        where T : struct, Enum =>
        Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _)
            ? parsed
            : throw new HostJsonException(path, $"must be one of {string.Join(", ", Enum.GetNames<T>())}.");

    private static string RoutePrefix(string value, string path) =>
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '/') && !value.StartsWith('/') && !value.EndsWith('/')
            ? value
            : throw new HostJsonException(path, "may hold letters, digits, '-', '_' and inner '/' only.");
}
