using System.Text.Json;
using System.Text.Json.Nodes;

namespace EduFlows.Storage;

/// <summary>
/// Whether a record fits the one table property it is stored in (64 KiB, 32K UTF-16 characters, as
/// <see cref="RecordTable{T}"/> serialises it). An API checks a body with it before storing anything, so an oversized
/// field is refused by name instead of failing in the storage.
/// </summary>
public static class RecordSize
{
    /// <summary>The most characters a record's JSON may have.</summary>
    public const int MaxJsonChars = 32 * 1024;

    /// <summary>How records are written: web JSON, CJK and markup characters kept as they are.</summary>
    internal static JsonSerializerOptions Json { get; } = new(RecordJson.Options) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Null when <paramref name="record"/> fits, with <paramref name="margin"/> characters to spare for what the store
    /// adds; otherwise the field to blame (the longest string in it, as a path like <c>indicators[3].name</c>) and why.
    /// </summary>
    public static FieldTooLarge? Check<T>(T record, int margin = 1024)
    {
        string json = JsonSerializer.Serialize(record, Json);
        int limit = MaxJsonChars - margin;
        if (json.Length <= limit)
        {
            return null;
        }

        var (path, length) = Blame(JsonNode.Parse(json), string.Empty, json.Length);
        return new FieldTooLarge(
            string.IsNullOrEmpty(path) ? "body" : path,
            $"makes the record {json.Length} characters long as stored (this field: {length}); a record holds at most {limit}.");
    }

    // Descends into the member or item that makes up most of its parent: one huge string is named itself, a long list
    // of small items is named as the list.
    private static (string Path, int Length) Blame(JsonNode? node, string path, int length)
    {
        var children = node switch
        {
            JsonObject o => o.Select(p => (Path: path.Length == 0 ? p.Key : path + "." + p.Key, Node: p.Value)).ToList(),
            JsonArray a => a.Select((n, i) => (Path: $"{path}[{i}]", Node: n)).ToList(),
            _ => [],
        };
        var largest = children.Select(c => (c.Path, c.Node, Length: c.Node?.ToJsonString(Json).Length ?? 4)).DefaultIfEmpty().MaxBy(c => c.Length);
        return largest.Path is not null && largest.Length * 2 > length ? Blame(largest.Node, largest.Path, largest.Length) : (path, length);
    }
}

/// <summary>A record too large to store, and the field most to blame.</summary>
/// <param name="Field">The field's path in the body.</param>
/// <param name="Reason">Why it is refused.</param>
public sealed record FieldTooLarge(string Field, string Reason);
