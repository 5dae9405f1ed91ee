using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace EduFlows.FunctionIndex;

/// <summary>
/// The app's worker middleware as this host runs it: the app adds its middleware to this builder with the same call
/// its Program.cs makes on the worker's (<see cref="Hosting.EduFlowsMiddleware.UseEduFlowsMiddleware"/>), and each
/// HTTP function is invoked through it, so a middleware that answers (the office guard's refusal) keeps the function
/// from running here as in Azure.
/// </summary>
public sealed class WorkerPipeline(IServiceCollection services) : IFunctionsWorkerApplicationBuilder
{
    private readonly List<Func<FunctionExecutionDelegate, FunctionExecutionDelegate>> _middleware = [];

    /// <inheritdoc/>
    public IServiceCollection Services { get; } = services;

    /// <inheritdoc/>
    public IFunctionsWorkerApplicationBuilder Use(Func<FunctionExecutionDelegate, FunctionExecutionDelegate> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        _middleware.Add(middleware);
        return this;
    }

    /// <summary><paramref name="function"/> behind every middleware, the first added outermost (as the worker orders them).</summary>
    public FunctionExecutionDelegate Around(FunctionExecutionDelegate function)
    {
        ArgumentNullException.ThrowIfNull(function);
        for (int i = _middleware.Count - 1; i >= 0; i--)
        {
            function = _middleware[i](function);
        }

        return function;
    }
}
