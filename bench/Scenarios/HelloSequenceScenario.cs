using Microsoft.DurableTask;

namespace EduFlows.Bench.Scenarios;

/// <summary>The SDK's hello-cities sample (3 activities in sequence) x 200 instances started at once: orchestrations completed per second.</summary>
internal sealed class HelloSequenceScenario : Scenario
{
    private const int Instances = 200;

    public override string Name => "hello-sequence";

    public override (string Metric, bool HigherIsBetter) Headline => ("throughput", true);

    public override async Task<IReadOnlyList<Measurement>> RunAsync(BenchProvider provider)
    {
        await using var host = await BenchHost.StartAsync(provider, r => r
            .AddActivityFunc<string, string>("SayHello", (_, city) => Task.FromResult($"Hello {city}!"))
            .AddOrchestratorFunc<object?, string[]>("HelloCities", async (ctx, _) =>
            [
                await ctx.CallActivityAsync<string>("SayHello", "Tokyo"),
                await ctx.CallActivityAsync<string>("SayHello", "Seattle"),
                await ctx.CallActivityAsync<string>("SayHello", "London"),
            ]));
        // A full batch first, for both providers alike: the JIT recompiles thousands of methods in the first few hundred
        // orchestrations, which would otherwise be measured instead of the provider.
        await RunBatchAsync(host, "warmup", Instances);
        var elapsed = await RunBatchAsync(host, "run", Instances);
        return [new(Name, provider.Name, "throughput", Math.Round(Instances / elapsed.TotalSeconds, 1), "orchestrations/s")];
    }

    private static async Task<TimeSpan> RunBatchAsync(BenchHost host, string label, int count)
    {
        string prefix = $"hello-{label}-{Guid.NewGuid():N}-";
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++)
        {
            await host.Client.ScheduleNewOrchestrationInstanceAsync("HelloCities", new StartOrchestrationOptions($"{prefix}{i:D4}"));
        }

        await host.WaitForPrefixAsync(prefix, count, TimeSpan.FromMinutes(10));
        return System.Diagnostics.Stopwatch.GetElapsedTime(start);
    }
}
