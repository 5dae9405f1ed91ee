using Newtonsoft.Json;

namespace EduFlows.DurableTask.Storage;

/// <summary>How the providers store states, messages and history: DurableTask.Core's own JSON form of its types.</summary>
/// <remarks>
/// DurableTask.Core's events and messages are data contracts with polymorphic members, which Newtonsoft reads back
/// through type names; System.Text.Json would need a converter per event type.
/// </remarks>
internal static class StorageJson
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        TypeNameHandling = TypeNameHandling.Objects,
        DateParseHandling = DateParseHandling.None,
        NullValueHandling = NullValueHandling.Ignore,
        // Type names in stored rows are checked against the binder's list, not taken as they come.
        SerializationBinder = new StorageTypeBinder(),
    };

    public static string Serialize<T>(T value) => JsonConvert.SerializeObject(value, typeof(T), Settings);

    public static T? Deserialize<T>(string? json) => json is null ? default : JsonConvert.DeserializeObject<T>(json, Settings);

    private sealed class StorageTypeBinder : Newtonsoft.Json.Serialization.DefaultSerializationBinder
    {
        public override Type BindToType(string? assemblyName, string typeName)
        {
            if (!typeName.StartsWith("DurableTask.Core.", StringComparison.Ordinal)
                && !typeName.StartsWith("EduFlows.DurableTask.", StringComparison.Ordinal)
                && !typeName.StartsWith("System.Collections.Generic.", StringComparison.Ordinal))
            {
                throw new JsonSerializationException($"Type '{typeName}' is not stored by the durable providers.");
            }

            return base.BindToType(assemblyName, typeName);
        }
    }
}
