using Microsoft.Azure.Functions.Worker;

namespace EduFlows.Hosting;

/// <summary>
/// Refuses a request without a key that grants the endpoint's level: 401 problem+json, nothing runs. The check is
/// middleware after routing, not an endpoint filter, so it comes before the body is bound: a caller without a key
/// learns only that it needs one, whatever it sent.
/// </summary>
public static class FunctionKeyFilter
{
    /// <summary>Requires a key of <paramref name="level"/> for every endpoint of the group or route.</summary>
    public static TBuilder RequireKey<TBuilder>(this TBuilder builder, AuthorizationLevel level)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new KeyRequirement(level));

    /// <summary>Checks the key of every endpoint marked with <see cref="RequireKey"/> before it runs.</summary>
    public static IApplicationBuilder UseFunctionKeys(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<KeyRequirement>() is { } requirement
                && !context.RequestServices.GetRequiredService<FunctionKeys>().Grants(requirement.Level, FunctionKeys.Presented(context.Request)))
            {
                await Refusal(requirement.Level).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
    }

    /// <summary>The 401 for a request without a key granting <paramref name="level"/>.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Refusal(AuthorizationLevel level) => FieldProblem.Of(
        StatusCodes.Status401Unauthorized,
        FunctionKeys.HeaderName,
        $"This endpoint needs a {(level == AuthorizationLevel.Admin ? "master" : "function")} key in the '{FunctionKeys.HeaderName}' header or the 'code' query parameter.");
}

/// <summary>The key level an endpoint needs (see <see cref="FunctionKeyFilter.RequireKey"/>).</summary>
/// <param name="Level">Who may call it.</param>
public sealed record KeyRequirement(AuthorizationLevel Level);
