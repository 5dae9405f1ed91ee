namespace EduFlows.Bench.Scenarios;

/// <summary>
/// Durable timers of 2–3 s on the real clock: how late each fires (the step that sees it starts after the due time),
/// and how many fire early, which a durable timer must never do.
/// </summary>
internal sealed class TimerLatenessScenario : Scenario
{
    private const int Timers = 20;

    public override string Name => "timer-lateness";

    public override (string Metric, bool HigherIsBetter) Headline => ("early-timers", false);

    public override async Task<IReadOnlyList<Measurement>> RunAsync(BenchProvider provider)
    {
        await using var host = await BenchHost.StartAsync(provider, r => r
            .AddOrchestratorFunc<int, double>("Sleeper", async (ctx, delayMs) =>
            {
                // Both stamps come from the app's TimeProvider (the wall clock here) on both providers.
                DateTime due = ctx.CurrentUtcDateTime.AddMilliseconds(delayMs);
                await ctx.CreateTimer(due, CancellationToken.None);
                return (ctx.CurrentUtcDateTime - due).TotalMilliseconds;
            }));

        var ids = new List<string>();
        for (int i = 0; i < Timers; i++)
        {
            ids.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync("Sleeper", 2000 + (i * 50)));
        }

        await host.WaitAllAsync(ids, Patience(TimeSpan.FromMinutes(5)));
        var lateness = new List<double>();
        foreach (string id in ids)
        {
            lateness.Add((await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!.ReadOutputAs<double>());
        }

        lateness.Sort();
        return
        [
            new(Name, provider.Name, "early-timers", lateness.Count(l => l < 0), $"of {Timers}"),
            new(Name, provider.Name, "lateness-min", Math.Round(lateness[0], 1), "ms"),
            new(Name, provider.Name, "lateness-p50", Math.Round(lateness[lateness.Count / 2], 1), "ms"),
            new(Name, provider.Name, "lateness-max", Math.Round(lateness[^1], 1), "ms"),
        ];
    }
}
