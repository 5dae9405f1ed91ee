using EduFlows.DurableTask;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using DurableTask.Core.History;

namespace EduFlows.DurableTask.Tests.Conformance;

/// <summary>Replay: every step re-runs the orchestrator against history, as DurableTask.Core does.</summary>
public abstract partial class DurableConformanceTests
{
    protected Task<DurableTestHost> StartReplayingHostAsync(Action<DurableTaskRegistry> register) =>
        StartHostAsync(register);

    [Fact]
    public async Task NonDeterminism_ChangedOrchestratorCode_FailsNamingExpectedAndActual()
    {
        bool deployedVersion2 = false;
        await using var host = await StartReplayingHostAsync(r => r
            .AddActivityFunc<string, string>("NotifyPanel", (_, x) => Task.FromResult(x))
            .AddActivityFunc<string, string>("NotifyJudges", (_, x) => Task.FromResult(x))
            .AddOrchestratorFunc<object?, string>("Changing", async (ctx, _) =>
            {
                await ctx.CallActivityAsync<string>(deployedVersion2 ? "NotifyJudges" : "NotifyPanel", "x");
                return await ctx.WaitForExternalEvent<string>("go");
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Changing", new StartOrchestrationOptions(NewId("nondet")));
        await host.WaitForHistoryAsync(id, h => h.OfType<TaskCompletedEvent>().Any());
        deployedVersion2 = true;
        await host.Client.RaiseEventAsync(id, "go", "now");
        var result = await host.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(typeof(global::DurableTask.Core.Exceptions.NonDeterministicOrchestrationException).FullName, result.FailureDetails!.ErrorType);
        Assert.Contains("'NotifyPanel'", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("'NotifyJudges'", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_TimeAndGuids_AreTheSameOnEveryReplay()
    {
        var release = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        Guid seenByActivity = Guid.Empty;
        await using var host = await StartReplayingHostAsync(r => r
            .AddActivityFunc<Guid, string>("Record", async (_, g) =>
            {
                seenByActivity = g;
                await release.Task;
                return "recorded";
            })
            .AddOrchestratorFunc<object?, ReplayFacts>("Deterministic", async (ctx, _) =>
            {
                DateTime before = ctx.CurrentUtcDateTime;
                Guid first = ctx.NewGuid();
                await ctx.CallActivityAsync<string>("Record", first);
                return new ReplayFacts(before, ctx.CurrentUtcDateTime, first, ctx.NewGuid());
            }));
        var start = host.Time.GetUtcNow();

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Deterministic", new StartOrchestrationOptions(NewId("replay")));
        await host.WaitForHistoryAsync(id, h => h.OfType<TaskScheduledEvent>().Any());
        host.Time.Advance(TimeSpan.FromHours(1));
        release.SetResult(Guid.Empty);
        var facts = (await host.RunToCompletionAsync(id, skipTime: false)).ReadOutputAs<ReplayFacts>()!;

        Assert.Equal(start.UtcDateTime, facts.Before);
        Assert.Equal(start.AddHours(1).UtcDateTime, facts.After);
        Assert.Equal(seenByActivity, facts.First);
        Assert.NotEqual(facts.First, facts.Second);
    }

    [Fact]
    public async Task Replay_ChainThenFanOut_EveryStepReplaysFromHistory_AndCompletes()
    {
        // Neither provider keeps an orchestrator in memory between steps (no extended sessions): each step runs it
        // again from the start against its history, so 50 chained calls mean at least 51 replays.
        int replays = 0;
        await using var host = await StartReplayingHostAsync(r => r
            .AddActivityFunc<int, int>("Inc", (_, n) => Task.FromResult(n + 1))
            .AddOrchestratorFunc<int, int>("Chain", async (ctx, n) =>
            {
                if (ctx.IsReplaying)
                {
                    Interlocked.Increment(ref replays);
                }

                int sum = 0;
                for (int i = 0; i < n; i++)
                {
                    sum += await ctx.CallActivityAsync<int>("Inc", i);
                }

                int[] parallel = await Task.WhenAll(Enumerable.Range(0, n).Select(i => ctx.CallActivityAsync<int>("Inc", i)));
                return sum + parallel.Sum();
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Chain", 50, new StartOrchestrationOptions(NewId("chain")));
        var result = await host.RunToCompletionAsync(id);

        Assert.Equal(2 * 1275, result.ReadOutputAs<int>());
        Assert.True(replays >= 51, $"the orchestrator replayed {replays} times for 50 chained calls and a fan-out");
    }

    public sealed record ReplayFacts(DateTime Before, DateTime After, Guid First, Guid Second);
}
