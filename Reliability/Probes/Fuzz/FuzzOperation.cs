using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EduFlows.Reliability.Probes.Fuzz;

/// <summary>One HTTP operation of the app as its OpenAPI document lists it: method, route template, key and id.</summary>
internal sealed partial record FuzzOperation(string Method, string Template, FuzzKeyLevel Level, string Id)
{
    /// <summary>Route parameter names, in order (<c>{year:int}</c> gives <c>year</c>).</summary>
    public IReadOnlyList<string> Parameters => [.. ParameterPattern().Matches(Template).Select(m => m.Groups[1].Value)];

    public bool SendsBody => Method is "POST" or "PUT";

    /// <summary>
    /// What tells one operation from another: a function answering several methods shares one operation id across
    /// them, so coverage is counted by method and route.
    /// </summary>
    public string Key => $"{Method} {Template}";

    /// <summary>
    /// Every operation of <c>GET /api/openapi.json</c>. The key is read from the summary ("(master key)", "(function
    /// key)", "(anonymous)"); the host's own routes (management API, dev clock) carry none and take the master key.
    /// </summary>
    public static IReadOnlyList<FuzzOperation> FromOpenApi(JsonNode document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var operations = new List<FuzzOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation is not JsonObject op)
                {
                    continue;
                }

                string summary = (string?)op["summary"] ?? "";
                var level = summary.Contains("(anonymous)", StringComparison.Ordinal) ? FuzzKeyLevel.Anonymous
                    : summary.Contains("(function key)", StringComparison.Ordinal) ? FuzzKeyLevel.Function
                    : FuzzKeyLevel.Master;
                string id = (string?)op["operationId"] ?? $"{method.ToUpperInvariant()} {path}";
                operations.Add(new FuzzOperation(method.ToUpperInvariant(), path, level, id));
            }
        }

        return operations;
    }

    [GeneratedRegex(@"\{([A-Za-z]+)(?::[^}]*)?\??\}")]
    private static partial Regex ParameterPattern();
}
