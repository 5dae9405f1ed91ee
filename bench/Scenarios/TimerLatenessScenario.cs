namespace EduFlows.Bench.Scenarios;

/// <summary>
/// Durable timers on the real clock: how late each fires (the step that sees it starts after the due time), and
/// whether any fires early.
/// </summary>
internal sealed class TimerLatenessScenario : Scenario
{
    private const int Timers = 40;

    public override string Name => "timer-lateness";

    public override async Task<IReadOnlyList<Measurement>> RunAsync(BenchBackend backend)
    {
        await using var host = await BenchHost.StartAsync(backend.Create, r => r
            .AddOrchestratorFunc<int, double>("Sleeper", async (ctx, delayMs) =>
            {
                DateTime due = ctx.CurrentUtcDateTime.AddMilliseconds(delayMs);
                await ctx.CreateTimer(due, CancellationToken.None);
                return (ctx.CurrentUtcDateTime - due).TotalMilliseconds;
            }));

        var ids = new List<string>();
        for (int i = 0; i < Timers; i++)
        {
            ids.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync("Sleeper", 1000 + (i * 50)));
        }

        await host.WaitAllAsync(ids, TimeSpan.FromMinutes(5));
        var lateness = new List<double>();
        foreach (string id in ids)
        {
            lateness.Add((await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!.ReadOutputAs<double>());
        }

        lateness.Sort();
        return
        [
            new(Name, backend.Name, "lateness-p50", Math.Round(lateness[lateness.Count / 2], 1), "ms"),
            new(Name, backend.Name, "lateness-max", Math.Round(lateness[^1], 1), "ms"),
            new(Name, backend.Name, "early-timers", lateness.Count(l => l < 0), "count"),
        ];
    }
}
