using System.Text.Json;
using System.Text.Json.Serialization;

namespace EduFlows.Storage;

/// <summary>How the app writes its own records and reads request bodies: web defaults (camelCase), enums as names.</summary>
/// <remarks>The same shape the durable payloads use, so a record reads the same in a table row, a body and a history.</remarks>
public static class RecordJson
{
    /// <summary>The shared, read-only options.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
