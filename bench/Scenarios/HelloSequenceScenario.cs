using Microsoft.DurableTask;

namespace EduFlows.Bench.Scenarios;

/// <summary>
/// The SDK's hello-cities sample (3 activities in sequence) x 200 instances started at once: orchestrations completed per
/// second, and on our provider what one instance costs in storage requests and queue messages.
/// </summary>
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
        var before = host.EduFlowsBackend?.StorageOperationsByKind;
        long receivedBefore = host.EduFlowsBackend?.QueueMessagesReceived ?? 0;
        var elapsed = await RunBatchAsync(host, "run", Instances);
        var measured = new List<Measurement> { new(Name, provider.Name, "throughput", Math.Round(Instances / elapsed.TotalSeconds, 1), "orchestrations/s") };
        if (host.EduFlowsBackend is { } backend && before is not null)
        {
            // What one instance costs our provider (Microsoft's counts none for us): every request, the requests the
            // instance itself needs (without idle polling, lease upkeep and the bench's own completion query), and the
            // queue messages it sends and receives.
            var after = backend.StorageOperationsByKind;
            long Cost(Func<string, bool> include) => after.Where(k => include(k.Key)).Sum(k => k.Value - before.GetValueOrDefault(k.Key));
            measured.Add(PerInstance("storage-requests-per-instance", Cost(_ => true), "requests"));
            measured.Add(PerInstance("work-requests-per-instance", Cost(k => !PollingKinds.Contains(k)), "requests"));
            measured.Add(PerInstance("polling-requests-per-instance", Cost(PollingKinds.Contains), "requests"));
            measured.Add(PerInstance("queue-messages-per-instance", Cost(k => k == "queue put"), "messages"));
            measured.Add(PerInstance("queue-receipts-per-instance", backend.QueueMessagesReceived - receivedBefore, "messages"));
        }

        return measured;

        Measurement PerInstance(string metric, long total, string unit) => new(Name, provider.Name, metric, Math.Round(total / (double)Instances, 2), unit);
    }

    // Requests that depend on time rather than on the work: idle receives, timer and worker-table upkeep, lease
    // renewals, and the bench's own query for finished instances.
    private static readonly HashSet<string> PollingKinds =
        ["queue get", "blob lease", "table query Timers", "table query Workers", "table write Workers", "table query Instances"];

    private static async Task<TimeSpan> RunBatchAsync(BenchHost host, string label, int count)
    {
        string prefix = $"hello-{label}-{Guid.NewGuid():N}-";
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++)
        {
            await host.ScheduleAsync("HelloCities", null, new StartOrchestrationOptions($"{prefix}{i:D4}"), $"{label}: {i + 1} of {count} started");
        }

        await host.WaitForPrefixAsync(prefix, count, Patience(TimeSpan.FromMinutes(10)));
        return System.Diagnostics.Stopwatch.GetElapsedTime(start);
    }
}
