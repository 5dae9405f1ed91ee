using System.Diagnostics;
using DurableTask.Core;
using DurableTask.Core.History;
using EduFlows.DurableTask;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Logging.Abstractions;

namespace EduFlows.Bench.Scenarios;

/// <summary>
/// An instance whose history holds about 10,000 events (activities recorded for real on the provider), then woken by
/// an event: how long the provider takes to load that history and the worker to replay it and take one more step.
/// The same history is also replayed in process by DurableTask.Core's executor, the cost no provider can change.
/// </summary>
internal sealed class ReplayScenario : Scenario
{
    // Two events per activity (scheduled, completed) plus each step's start and end markers: just over 10,000.
    private const int Batches = 10;
    private const int BatchSize = 499;
    private const int Wakes = 3;
    private const string Orchestrator = "LongHistory";

    public override string Name => "replay-10000";

    public override (string Metric, bool HigherIsBetter) Headline => ("step-after-event-p50", false);

    public override async Task<IReadOnlyList<Measurement>> RunAsync(BenchProvider provider)
    {
        await using var host = await BenchHost.StartAsync(provider, r => r
            .AddActivityFunc<int, int>("Next", (_, n) => Task.FromResult(n + 1))
            .AddOrchestratorFunc<object?, int>(Orchestrator, RunAsync));

        long buildStart = Stopwatch.GetTimestamp();
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(Orchestrator);
        await WaitForCustomStatusAsync(host.Client, id, 0, Patience(TimeSpan.FromMinutes(30)), TimeSpan.FromMilliseconds(500));
        var build = Stopwatch.GetElapsedTime(buildStart);

        var loads = new List<double>();
        IReadOnlyList<HistoryEvent> history = [];
        for (int i = 0; i < 3; i++)
        {
            long loadStart = Stopwatch.GetTimestamp();
            history = [.. await host.Client.GetOrchestrationHistoryAsync(id)];
            loads.Add(Stopwatch.GetElapsedTime(loadStart).TotalMilliseconds);
        }

        var steps = new List<double>();
        for (int wake = 1; wake <= Wakes; wake++)
        {
            long wakeStart = Stopwatch.GetTimestamp();
            await host.Client.RaiseEventAsync(id, "go", wake);
            await WaitForCustomStatusAsync(host.Client, id, wake, Patience(TimeSpan.FromMinutes(5)), TimeSpan.FromMilliseconds(10));
            steps.Add(Stopwatch.GetElapsedTime(wakeStart).TotalMilliseconds);
        }

        await host.WaitAllAsync([id], Patience(TimeSpan.FromMinutes(5)));
        var replays = ReplayInProcess(history);
        loads.Sort();
        steps.Sort();
        replays.Sort();
        return
        [
            new(Name, provider.Name, "step-after-event-p50", Math.Round(steps[Wakes / 2], 1), "ms"),
            new(Name, provider.Name, "history-events", history.Count, "events"),
            new(Name, provider.Name, "history-load-p50", Math.Round(loads[1], 1), "ms"),
            new(Name, provider.Name, "replay-in-process-p50", Math.Round(replays[replays.Count / 2], 1), "ms"),
            new(Name, provider.Name, "history-build", Math.Round(build.TotalSeconds, 1), "s"),
        ];
    }

    private static async Task<int> RunAsync(TaskOrchestrationContext ctx, object? input)
    {
        int total = 0;
        for (int batch = 0; batch < Batches; batch++)
        {
            int[] results = await Task.WhenAll(Enumerable.Range(0, BatchSize).Select(i => ctx.CallActivityAsync<int>("Next", i)));
            total += results.Sum();
        }

        ctx.SetCustomStatus(0);
        for (int wake = 1; wake <= Wakes; wake++)
        {
            total += await ctx.WaitForExternalEvent<int>("go");
            ctx.SetCustomStatus(wake);
        }

        return total;
    }

    /// <summary>Replays the recorded history plus one wake-up event through DurableTask.Core's executor and the SDK's shim.</summary>
    private static List<double> ReplayInProcess(IReadOnlyList<HistoryEvent> history)
    {
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = PayloadJson.Converter }, NullLoggerFactory.Instance);
        var orchestrator = FuncTaskOrchestrator.Create<object?, int>(RunAsync);
        var samples = new List<double>();
        for (int run = 0; run < 15; run++)
        {
            var runtime = new OrchestrationRuntimeState([.. history]);
            runtime.AddEvent(new OrchestratorStartedEvent(-1));
            runtime.AddEvent(new EventRaisedEvent(-1, "1") { Name = "go" });
            long start = Stopwatch.GetTimestamp();
            var result = new TaskOrchestrationExecutor(
                runtime, shims.CreateOrchestration(new TaskName(Orchestrator), orchestrator, parent: null), BehaviorOnContinueAsNew.Carryover, ErrorPropagationMode.UseFailureDetails).Execute();
            var elapsed = Stopwatch.GetElapsedTime(start);
            if (result.CustomStatus != "1")
            {
                throw new InvalidOperationException($"Replay did not reach the first wake-up: custom status {result.CustomStatus}, {result.Actions.Count()} actions.");
            }

            if (run >= 5)
            {
                samples.Add(elapsed.TotalMilliseconds);
            }
        }

        return samples;
    }

    private static async Task WaitForCustomStatusAsync(DurableTaskClient client, string id, int expected, TimeSpan timeout, TimeSpan poll)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(RoundWatch.Current?.Token ?? CancellationToken.None);
        cts.CancelAfter(timeout);
        string wanted = expected.ToString(System.Globalization.CultureInfo.InvariantCulture);
        while (true)
        {
            var meta = await client.GetInstanceAsync(id, cancellation: cts.Token).WaitAsync(cts.Token);
            RoundWatch.Current?.Report($"{id} custom status {meta?.SerializedCustomStatus}, updated {meta?.LastUpdatedAt:O}");
            if (meta is { IsCompleted: true, RuntimeStatus: not OrchestrationRuntimeStatus.Completed })
            {
                throw new InvalidOperationException($"{id} ended {meta.RuntimeStatus}: {meta.FailureDetails}");
            }

            if (meta?.SerializedCustomStatus == wanted)
            {
                return;
            }

            // Gently while the history builds (thousands of queued messages already load the emulator), closely when timing a step.
            await Task.Delay(poll, cts.Token);
        }
    }
}
