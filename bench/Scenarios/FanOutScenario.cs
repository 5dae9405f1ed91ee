namespace EduFlows.Bench.Scenarios;

/// <summary>One instance calls N activities in parallel and sums their results: wall time from start to completion.</summary>
internal sealed class FanOutScenario(int width) : Scenario
{
    public override string Name => $"fan-out-{width}";

    public override (string Metric, bool HigherIsBetter) Headline => ("wall-time", false);

    public override async Task<IReadOnlyList<Measurement>> RunAsync(BenchProvider provider)
    {
        await using var host = await BenchHost.StartAsync(provider, r => r
            .AddActivityFunc<int, int>("Square", (_, n) => Task.FromResult(n * n))
            .AddOrchestratorFunc<int, long>("FanOut", async (ctx, count) =>
            {
                int[] results = await Task.WhenAll(Enumerable.Range(0, count).Select(i => ctx.CallActivityAsync<int>("Square", i % 1000)));
                return results.Sum(r => (long)r);
            }));

        await RunOnceAsync(host, Math.Min(width, 100));
        long requestsBefore = host.EduFlowsBackend?.StorageOperationCount ?? 0;
        long stepsBefore = host.EduFlowsBackend?.StepCount ?? 0;
        long messagesBefore = host.EduFlowsBackend?.StepMessageCount ?? 0;
        var elapsed = await RunOnceAsync(host, width);
        var measured = new List<Measurement> { new(Name, provider.Name, "wall-time", Math.Round(elapsed.TotalSeconds, 2), "s") };
        if (host.EduFlowsBackend is { } backend)
        {
            // Where our provider's time goes: storage requests per activity (Microsoft's provider counts none for us).
            measured.Add(new(Name, provider.Name, "storage-requests-per-activity", Math.Round((backend.StorageOperationCount - requestsBefore) / (double)width, 2), "requests"));
            long steps = backend.StepCount - stepsBefore;
            measured.Add(new(Name, provider.Name, "episodes", steps, "steps"));
            measured.Add(new(Name, provider.Name, "messages-per-episode", Math.Round((backend.StepMessageCount - messagesBefore) / (double)Math.Max(1, steps), 1), "messages"));
        }

        return measured;
    }

    private static async Task<TimeSpan> RunOnceAsync(BenchHost host, int count)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("FanOut", count);
        // Azurite slows down with thousands of waiting queue messages: 10,000 can take most of an hour there.
        await host.WaitAllAsync([id], Patience(TimeSpan.FromMinutes(Math.Max(10, count / 100))));
        return System.Diagnostics.Stopwatch.GetElapsedTime(start);
    }
}
