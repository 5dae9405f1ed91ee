using EduFlows.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.Azure.Functions.Worker;

namespace EduFlows.FunctionIndex;

/// <summary>
/// Serves the app's HTTP functions as the Functions host does: each under the route prefix at its route and methods,
/// behind its authorization level (<c>x-functions-key</c> header or <c>?code=</c>), its result written as returned.
/// </summary>
public static class HttpFunctionEndpoints
{
    /// <summary>Maps every HTTP function of <paramref name="catalog"/>.</summary>
    public static void MapHttpFunctions(this IEndpointRouteBuilder endpoints, FunctionCatalog catalog, string routePrefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(catalog);
        string prefix = routePrefix.Length == 0 ? string.Empty : "/" + routePrefix;
        var registered = endpoints.ServiceProvider.GetRequiredService<IServiceProviderIsService>();

        // Required, not optional: without the app's middleware the office's functions would run unguarded.
        var pipeline = endpoints.ServiceProvider.GetRequiredService<WorkerPipeline>();
        foreach (var function in catalog.WithTrigger("httpTrigger"))
        {
            if (function.MissingServices(registered).Count > 0)
            {
                // Without AzureWebJobsStorage the app registers no stores: such a function is not served (404).
                continue;
            }

            var trigger = function.Metadata.Trigger;
            string route = prefix + "/" + ((string?)trigger["route"] ?? function.Name).TrimStart('/');
            string[] methods = [.. (trigger["methods"]?.AsArray() ?? []).Select(m => ((string)m!).ToUpperInvariant())];
            var level = Level(function, (string?)trigger["authLevel"]);
            RequestDelegate handler = context => InvokeAsync(context, function, pipeline);
            var endpoint = methods.Length == 0 ? endpoints.Map(route, handler) : endpoints.MapMethods(route, methods, handler);

            // The same key check as the host's own endpoints: middleware after routing, before the function runs.
            endpoint.WithName(function.Name).WithDisplayName(function.Name).WithMetadata(new FunctionEndpointMetadata(function, level)).RequireKey(level);
        }
    }

    /// <summary>The level a binding's authLevel names; refuses "User", which needs App Service authentication.</summary>
    internal static AuthorizationLevel Level(IndexedFunction function, string? authLevel) => authLevel?.ToUpperInvariant() switch
    {
        null or "FUNCTION" => AuthorizationLevel.Function,
        "ANONYMOUS" => AuthorizationLevel.Anonymous,
        "ADMIN" or "SYSTEM" => AuthorizationLevel.Admin,
        _ => throw new FunctionIndexException($"Function '{function.Name}' asks for authLevel '{authLevel}'; this host serves Anonymous, Function and Admin."),
    };

    private static async Task InvokeAsync(HttpContext context, IndexedFunction function, WorkerPipeline pipeline)
    {
        var routeValues = context.Request.RouteValues;
        string? BindingData(string name) =>
            routeValues.TryGetValue(name, out var value) && value is not null ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)
            : context.Request.Query.TryGetValue(name, out var query) ? query.ToString()
            : null;
        var functionContext = new LocalFunctionContext(function, context.RequestServices, context.RequestAborted,
            routeValues.ToDictionary(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase));

        // The ASP.NET Core integration's GetHttpContext() looks for the request here.
        functionContext.Items["HttpRequestContext"] = context;
        object? result = null;
        bool ran = false;
        try
        {
            // The app's worker middleware first, as in Azure; one that answers itself does not call the function.
            await pipeline.Around(async invocation =>
            {
                ran = true;
                result = await function.InvokeAsync(context.RequestServices, context.Request, BindingData, invocation, context.RequestAborted).ConfigureAwait(false);
            })(functionContext).ConfigureAwait(false);
        }
        catch (BindingDataException bad)
        {
            await FieldProblem.Of(StatusCodes.Status400BadRequest, bad.Field, bad.Message).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (!ran)
        {
            return;
        }

        switch (result)
        {
            case IResult minimal:
                await minimal.ExecuteAsync(context).ConfigureAwait(false);
                break;
            case IActionResult action:
                await action.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor())).ConfigureAwait(false);
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
        }
    }
}

/// <summary>Marks an endpoint as an HTTP function, with its level (for the function list and the docs).</summary>
/// <param name="Function">The function.</param>
/// <param name="Level">Who may call it.</param>
public sealed record FunctionEndpointMetadata(IndexedFunction Function, AuthorizationLevel Level);
