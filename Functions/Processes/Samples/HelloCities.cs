using Microsoft.DurableTask;

namespace EduFlows.Processes.Samples;

/// <summary>The Durable Functions starter sample, kept for smoke tests and benchmarks: three activity calls in sequence.</summary>
public static class HelloCities
{
    /// <summary>The orchestrator's name.</summary>
    public const string Name = "HelloCities";

    /// <summary>The activity's name.</summary>
    public const string SayHelloName = "SayHello";

    /// <summary>Registers the orchestrator and its activity.</summary>
    public static DurableTaskRegistry AddHelloCities(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddOrchestratorFunc<object?, List<string>>(Name, RunAsync)
            .AddActivityFunc<string, string>(SayHelloName, (_, city) => Task.FromResult($"Hello {city}!"));
    }

    private static async Task<List<string>> RunAsync(TaskOrchestrationContext context, object? input) =>
    [
        await context.CallActivityAsync<string>(SayHelloName, "Tokyo"),
        await context.CallActivityAsync<string>(SayHelloName, "Seattle"),
        await context.CallActivityAsync<string>(SayHelloName, "London"),
    ];
}
