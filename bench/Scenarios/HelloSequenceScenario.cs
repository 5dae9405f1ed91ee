using EduFlows.Processes.Samples;

namespace EduFlows.Bench.Scenarios;

/// <summary>HelloCities (3 activities in sequence) x 200 instances started at once: orchestrations completed per second.</summary>
internal sealed class HelloSequenceScenario : Scenario
{
    private const int Instances = 200;

    public override string Name => "hello-sequence";

    public override async Task<IReadOnlyList<Measurement>> RunAsync(BenchBackend backend)
    {
        await using var host = await BenchHost.StartAsync(backend.Create, r => r.AddHelloCities());
        await RunBatchAsync(host, backend, "warmup", 20);
        long? before = host.StorageOperations;
        var elapsed = await RunBatchAsync(host, backend, "run", Instances);
        var results = new List<Measurement> { new(Name, backend.Name, "throughput", Math.Round(Instances / elapsed.TotalSeconds, 1), "orchestrations/s") };
        if (host.StorageOperations - before is { } operations)
        {
            // Client calls and completion polling included: what one orchestration costs the storage account.
            results.Add(new(Name, backend.Name, "storage-operations", Math.Round((double)operations / Instances, 1), "requests/orchestration"));
        }

        return results;
    }

    private static async Task<TimeSpan> RunBatchAsync(BenchHost host, BenchBackend backend, string label, int count)
    {
        string prefix = $"hello-{label}-{Guid.NewGuid():N}-";
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        var ids = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            ids.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync(HelloCities.Name, options: new($"{prefix}{i:D4}")));
        }

        await host.WaitForPrefixAsync(prefix, count, backend.PollInterval, TimeSpan.FromMinutes(5));
        return System.Diagnostics.Stopwatch.GetElapsedTime(start);
    }
}
