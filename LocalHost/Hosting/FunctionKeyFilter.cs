using Microsoft.Azure.Functions.Worker;

namespace EduFlows.Hosting;

/// <summary>Refuses a request without a key that grants the endpoint's level: 401 problem+json, nothing runs.</summary>
public static class FunctionKeyFilter
{
    /// <summary>Requires a key of <paramref name="level"/> for every endpoint of the group or route.</summary>
    public static TBuilder RequireKey<TBuilder>(this TBuilder builder, AuthorizationLevel level)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
        {
            var keys = context.HttpContext.RequestServices.GetRequiredService<FunctionKeys>();
            if (!keys.Grants(level, FunctionKeys.Presented(context.HttpContext.Request)))
            {
                return FieldProblem.Of(
                    StatusCodes.Status401Unauthorized,
                    FunctionKeys.HeaderName,
                    $"This endpoint needs a {(level == AuthorizationLevel.Admin ? "master" : "function")} key in the '{FunctionKeys.HeaderName}' header or the 'code' query parameter.");
            }

            return await next(context).ConfigureAwait(false);
        });
        return builder;
    }
}
