using System.Text.Json;

namespace EduFlows.Hosting;

/// <summary>Reads <c>local.settings.json</c> the way the Functions host does: its <c>Values</c> become settings.</summary>
public static class LocalSettings
{
    /// <summary>Adds the file's <c>Values</c> below every other source, so environment variables and arguments override them.</summary>
    /// <exception cref="InvalidDataException">When the file exists but is not valid JSON with a <c>Values</c> object.</exception>
    public static IConfigurationBuilder AddLocalSettings(this IConfigurationBuilder configuration, string directory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string path = Path.Combine(directory, "local.settings.json");
        if (!File.Exists(path))
        {
            return configuration;
        }

        Dictionary<string, string?> values;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            values = document.RootElement.TryGetProperty("Values", out var v) && v.ValueKind == JsonValueKind.Object
                // "__" separates sections, as in environment variables (AzureFunctionsJobHost__extensions__...).
                ? v.EnumerateObject().ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())
                : throw new InvalidDataException($"{path}: expected an object named \"Values\".");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {ex.Message}", ex);
        }

        var source = new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = values };
        configuration.Sources.Insert(0, source);
        return configuration;
    }
}
