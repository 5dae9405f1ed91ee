using EduFlows.DurableTask.Worker;
using Microsoft.DurableTask;

namespace EduFlows.FunctionIndex;

/// <summary>
/// The app's orchestrator and activity functions on the Durable Task worker, under their function names, as the
/// Durable extension registers them in Azure.
/// </summary>
public static class DurableFunctions
{
    /// <summary>Registers every orchestration and activity function of <paramref name="catalog"/>.</summary>
    public static DurableTaskRegistry AddDurableFunctions(this DurableTaskRegistry registry, FunctionCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(catalog);
        foreach (var function in catalog.WithTrigger("orchestrationTrigger"))
        {
            registry.AddOrchestrator(function.Name, () => new FunctionOrchestrator(function));
        }

        foreach (var function in catalog.WithTrigger("activityTrigger"))
        {
            registry.AddActivity(function.Name, services => new FunctionActivity(function, services));
        }

        return registry;
    }

    private sealed class FunctionOrchestrator(IndexedFunction function) : ITaskOrchestrator
    {
        // The function reads its input with context.GetInput<T>(), as in Durable Functions: the worker keeps it as JSON.
        public Type InputType => typeof(System.Text.Json.JsonElement);

        public Type OutputType => function.ResultType ?? typeof(object);

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input) =>
            function.InvokeOrchestratorAsync(new FunctionOrchestrationContext(context, input), new LocalFunctionContext(function, IndexedFunction.EmptyServices.Instance, CancellationToken.None));
    }

    private sealed class FunctionActivity(IndexedFunction function, IServiceProvider services) : ITaskActivity
    {
        public Type InputType => function.TriggerParameterType;

        public Type OutputType => function.ResultType ?? typeof(object);

        public Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            // host.json's functionTimeout cancels a call that runs too long, as the Functions host does.
            var cancellation = services.GetService<ActivityCancellation>()?.Token ?? CancellationToken.None;
            return function.InvokeAsync(services, input, null, new LocalFunctionContext(function, services, cancellation), cancellation);
        }
    }
}
