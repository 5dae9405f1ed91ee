using System.Text.Json;

namespace EduFlows.Durable;

/// <summary>
/// Reads an instance's serialized custom status as the workbench needs it: parsed once, unreadable text read as none,
/// and keys matched in either case (the processes' statuses are camelCase or PascalCase, as their serializer writes them).
/// </summary>
/// <remarks>The one reading both the stage (<see cref="Workbench.ProcessStage"/>) and the published timer (<see cref="TimerStatus"/>) go through.</remarks>
public static class CustomStatusJson
{
    /// <summary>The status's JSON, detached from its document; null when there is none or it is no JSON.</summary>
    /// <param name="customStatus">The instance's custom status as stored.</param>
    public static JsonElement? Parse(string? customStatus)
    {
        if (string.IsNullOrWhiteSpace(customStatus))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(customStatus);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The first property of <paramref name="status"/> named <paramref name="key"/> in any case; null when it has none (or is no object).</summary>
    /// <param name="status">A status or a part of it.</param>
    /// <param name="key">The key as the page names it ("stage", "nextTimer").</param>
    public static JsonElement? Get(JsonElement status, string key)
    {
        if (status.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in status.EnumerateObject())
        {
            if (property.Name.Equals(key, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
