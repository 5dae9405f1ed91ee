using System.Text.Json;
using System.Text.Json.Nodes;

namespace EduFlows.FunctionIndex;

/// <summary>One function as the worker SDK's build lists it in <c>functions.metadata</c>.</summary>
/// <param name="Name">The function's name.</param>
/// <param name="ScriptFile">The assembly that holds it.</param>
/// <param name="EntryPoint">"Namespace.Type.Method".</param>
/// <param name="Bindings">Its bindings, the trigger among them.</param>
public sealed record FunctionMetadata(string Name, string ScriptFile, string EntryPoint, IReadOnlyList<JsonObject> Bindings)
{
    /// <summary>The file name the worker SDK writes next to the app's assembly.</summary>
    public const string FileName = "functions.metadata";

    /// <summary>The trigger binding (exactly one per function).</summary>
    public JsonObject Trigger => Bindings.Single(b => ((string?)b["type"])?.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>The trigger's type: httpTrigger, timerTrigger, orchestrationTrigger or activityTrigger.</summary>
    public string TriggerType => (string)Trigger["type"]!;

    /// <summary>Reads the file from <paramref name="directory"/>.</summary>
    /// <exception cref="FunctionIndexException">When the file is missing or not what the SDK writes.</exception>
    public static IReadOnlyList<FunctionMetadata> Load(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new FunctionIndexException($"{path} is missing: build the function app (dotnet build Functions) so the worker SDK writes it.");
        }

        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException)
        {
            throw new FunctionIndexException($"{path} could not be read: {ex.Message}");
        }
    }

    /// <summary>Parses the file's text.</summary>
    public static IReadOnlyList<FunctionMetadata> Parse(string json) =>
        [.. JsonNode.Parse(json)!.AsArray().Select(f => new FunctionMetadata(
            (string)f!["name"]!,
            (string)f["scriptFile"]!,
            (string)f["entryPoint"]!,
            [.. f["bindings"]!.AsArray().Select(b => b!.AsObject())]))];
}
