using System.Diagnostics;
using System.Globalization;
using EduFlows.Durable;
using EduFlows.Durable.History;
using EduFlows.Durable.Worker;
using Microsoft.Extensions.Logging.Abstractions;

namespace EduFlows.Bench.Scenarios;

/// <summary>
/// Replays an orchestration whose history holds 10,000 events (a long activity sequence recorded for real on the
/// backend): the cost a worker pays when an instance is not in its session cache.
/// </summary>
internal sealed class ReplayScenario : Scenario
{
    private const int TargetEvents = 10_000;
    private const string Orchestrator = "LongSequence";

    public override string Name => "replay-10000";

    public override async Task<IReadOnlyList<Measurement>> RunAsync(BenchBackend backend)
    {
        // Each step records OrchestratorStarted, TaskCompleted and the next TaskScheduled: three events per activity.
        int activities = (TargetEvents / 3) + 1;
        IReadOnlyList<HistoryEvent> history;
        var loads = new List<double>();
        await using (var host = await BenchHost.StartAsync(backend.Create, r => Register(r)))
        {
            string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(Orchestrator, activities);
            await host.WaitAllAsync([id], TimeSpan.FromMinutes(30));
            history = [];
            for (int i = 0; i < 3; i++)
            {
                // A worker that takes over an instance (or lost its cache) reads the whole history first.
                long loadStart = Stopwatch.GetTimestamp();
                history = await host.Client.GetOrchestrationHistoryAsync(id);
                loads.Add(Stopwatch.GetElapsedTime(loadStart).TotalMilliseconds);
            }
        }

        loads.Sort();

        var past = history.Where(e => e is not ExecutionCompletedEvent).ToList();
        var registry = Register(new DurableTaskRegistry());
        string expected = activities.ToString(CultureInfo.InvariantCulture);
        var samples = new List<double>();
        for (int run = 0; run < 25; run++)
        {
            registry.TryGetOrchestrator(Orchestrator, EmptyServiceProvider.Instance, out var invoker);
            long start = Stopwatch.GetTimestamp();
            var result = OrchestrationExecutor.Execute(
                Orchestrator, "replay", invoker, past, [], DateTimeOffset.UtcNow, NullLoggerFactory.Instance, session: null, out _);
            var elapsed = Stopwatch.GetElapsedTime(start);
            if (result.Completion != OrchestrationRuntimeStatus.Completed || result.Output != expected)
            {
                throw new InvalidOperationException($"Replay did not reproduce the result: {result.Completion} {result.Output} {result.Failure}");
            }

            if (run >= 5)
            {
                samples.Add(elapsed.TotalMilliseconds);
            }
        }

        samples.Sort();
        return
        [
            new(Name, backend.Name, "replay-time-p50", Math.Round(samples[samples.Count / 2], 2), "ms"),
            new(Name, backend.Name, "history-events", past.Count, "events"),
            new(Name, backend.Name, "history-load-p50", Math.Round(loads[1], 1), "ms"),
        ];
    }

    private static DurableTaskRegistry Register(DurableTaskRegistry registry) => registry
        .AddActivityFunc<int, int>("Next", (_, n) => Task.FromResult(n + 1))
        .AddOrchestratorFunc<int, int>(Orchestrator, async (ctx, count) =>
        {
            int value = 0;
            for (int i = 0; i < count; i++)
            {
                value = await ctx.CallActivityAsync<int>("Next", value);
            }

            return value;
        });

    private sealed class EmptyServiceProvider : IServiceProvider
    {
        public static EmptyServiceProvider Instance { get; } = new();

        public object? GetService(Type serviceType) => null;
    }
}
