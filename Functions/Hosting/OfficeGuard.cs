using Microsoft.Azure.Functions.Worker.Middleware;

namespace EduFlows.Hosting;

/// <summary>
/// The worker middleware that guards every office function (<see cref="OfficeRoutes"/>) with <see cref="OfficeAccess"/>
/// before it runs, whatever its authorization level: the office's functions are Anonymous to the host, which knows
/// only keys, so the master key, an office session or the office app role are all checked here. Every other function
/// passes untouched.
/// </summary>
/// <remarks>
/// A refusal is written to the request's HttpContext and the function is not called: under Azure's ASP.NET Core
/// integration the response stands as written (the worker notes that the function returned nothing).
/// </remarks>
public sealed class OfficeGuard(OfficeRoutes routes, OfficeAccess access) : IFunctionsWorkerMiddleware
{
    /// <inheritdoc/>
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!routes.Contains(context.FunctionDefinition.Name))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        // An office function without its request would run unguarded: refuse to run it at all.
        var http = context.GetHttpContext()
            ?? throw new InvalidOperationException($"The office function '{context.FunctionDefinition.Name}' was invoked without its HTTP request; it is not run unguarded.");
        if (await access.RefuseAsync(http).ConfigureAwait(false) is { } refusal)
        {
            await refusal.ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        // The function's name is the office act's kind in the audit log; the visitor is who did it, also for code
        // the function calls that has no request in hand (OfficeVisitor.Current).
        http.Items[FunctionItem] = context.FunctionDefinition.Name;
        OfficeVisitor.Enter(OfficeVisitor.Of(http));
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            OfficeVisitor.Enter(null);
        }
    }

    /// <summary>The office function the guard let the request into (its name in functions.metadata), or null.</summary>
    public static string? FunctionOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(FunctionItem, out object? name) ? name as string : null;
    }

    private const string FunctionItem = "EduFlows.OfficeFunction";
}
