using Microsoft.DurableTask;

namespace EduFlows.Processes.Samples;

/// <summary>The Durable Functions starter sample, kept for smoke tests and benchmarks: three activity calls in sequence.</summary>
public static class HelloCities
{
    /// <summary>The orchestrator's name.</summary>
    public const string Name = "HelloCities";

    /// <summary>The activity's name.</summary>
    public const string SayHelloName = "SayHello";

    /// <summary>The orchestrator: greets three cities, one activity call each.</summary>
    [Function(Name)]
    public static async Task<List<string>> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return
        [
            await context.CallActivityAsync<string>(SayHelloName, "Tokyo"),
            await context.CallActivityAsync<string>(SayHelloName, "Seattle"),
            await context.CallActivityAsync<string>(SayHelloName, "London"),
        ];
    }

    /// <summary>The activity.</summary>
    [Function(SayHelloName)]
    public static string SayHello([ActivityTrigger] string city) => $"Hello {city}!";
}
