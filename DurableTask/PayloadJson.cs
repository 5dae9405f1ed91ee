using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.DurableTask.Converters;

namespace EduFlows.DurableTask;

/// <summary>How inputs, outputs, events and custom status are written: the JSON both the worker and the client use.</summary>
public static class PayloadJson
{
    /// <summary>The options used for every payload: web defaults (camelCase), enums as strings.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>The SDK converter over <see cref="Options"/>, given to the worker and the client.</summary>
    public static Microsoft.DurableTask.DataConverter Converter { get; } = new JsonDataConverter(Options);

    /// <summary>Serializes a value; <see langword="null"/> stays <see langword="null"/>.</summary>
    public static string? Serialize(object? value) =>
        value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Options);

    /// <summary>Serializes a value as its declared type (a polymorphic base writes its type discriminator).</summary>
    public static string SerializeAs<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Deserializes a payload; <see langword="null"/> gives the type's default.</summary>
    public static T? Deserialize<T>(string? json) =>
        json is null ? default : JsonSerializer.Deserialize<T>(json, Options);

    /// <summary>Deserializes a payload to a runtime type.</summary>
    public static object? Deserialize(string? json, Type type) =>
        json is null ? null : JsonSerializer.Deserialize(json, type, Options);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
