using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;

namespace EduFlows.FunctionIndex;

/// <summary>
/// Puts the app's HTTP functions into the host's OpenAPI document (/api/openapi.json, /api/docs): each with its
/// method, route, route parameters, the key it needs and the function's name as operation id. A function's body and
/// answers are its own code's business, so they are described by the function's XML summary, not inferred.
/// </summary>
internal sealed partial class FunctionOpenApi(FunctionCatalog catalog, Hosting.AppHostSettings app, Hosting.OfficeRoutes office) : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Paths ??= [];
        string prefix = app.RoutePrefix.Length == 0 ? string.Empty : "/" + app.RoutePrefix;
        foreach (var function in catalog.WithTrigger("httpTrigger"))
        {
            var trigger = function.Metadata.Trigger;
            string template = prefix + "/" + ((string?)trigger["route"] ?? function.Name).TrimStart('/');

            // OpenAPI paths carry names only: "{year:int}" → "{year}", "{id?}" → "{id}".
            string path = RouteParameter().Replace(template, m => "{" + m.Groups["name"].Value + "}");
            if (!document.Paths.TryGetValue(path, out var item) || item is not OpenApiPathItem pathItem)
            {
                pathItem = new OpenApiPathItem();
                document.Paths[path] = pathItem;
            }

            pathItem.Operations ??= [];
            string area = function.Method.DeclaringType!.Namespace?.Split('.').Last() ?? "Functions";
            // The office's functions are Anonymous to the host; the app's office guard admits them.
            string level = office.Contains(function.Name) ? "master key or office sign-in" : HttpFunctionEndpoints.Level(function, (string?)trigger["authLevel"]) switch
            {
                AuthorizationLevel.Anonymous => "anonymous",
                AuthorizationLevel.Admin => "master key",
                _ => "function key",
            };
            string[] methods = [.. (trigger["methods"]?.AsArray() ?? []).Select(m => ((string)m!).ToUpperInvariant())];
            foreach (string method in methods.Length == 0 ? ["GET", "POST"] : methods)
            {
                pathItem.Operations[new HttpMethod(method)] = new OpenApiOperation
                {
                    OperationId = function.Name,
                    Summary = $"{function.Name} ({level})",
                    Tags = new HashSet<OpenApiTagReference> { new(area, document) },
                    Parameters = [.. RouteParameter().Matches(template).Select(m => (IOpenApiParameter)new OpenApiParameter
                    {
                        Name = m.Groups["name"].Value,
                        In = ParameterLocation.Path,
                        Required = true,
                        Schema = new OpenApiSchema { Type = m.Groups["constraint"].Value.StartsWith("int", StringComparison.Ordinal) ? JsonSchemaType.Integer : JsonSchemaType.String },
                    })],
                    Responses = new OpenApiResponses { ["200"] = new OpenApiResponse { Description = string.Create(CultureInfo.InvariantCulture, $"See {function.Metadata.EntryPoint}.") } },
                };
            }
        }

        return Task.CompletedTask;
    }

    // A constraint may hold a "?" of its own (a regex's lookahead): it ends at the optional mark just before "}".
    [GeneratedRegex(@"\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(:(?<constraint>[^}]*?))?\??\}")]
    private static partial Regex RouteParameter();
}
