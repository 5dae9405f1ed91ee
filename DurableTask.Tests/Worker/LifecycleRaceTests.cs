using DurableTask.Core;
using EduFlows.DurableTask;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using EduFlows.DurableTask.Storage;
using EduFlows.DurableTask.Storage.InMemory;
using DurableTask.Core.History;

namespace EduFlows.DurableTask.Tests.Worker;

/// <summary>Races between a running step and client calls, and other lifecycle edges, pinned down on the in-memory backend.</summary>
public sealed class LifecycleRaceTests
{
    private static async Task<OrchestrationMetadata?> WaitCompleted(DurableTestHost host, string id, int seconds = 5)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            return await host.Client.WaitForInstanceCompletionAsync(id, true, cts.Token);
        }
        catch (OperationCanceledException)
        {
            return await host.Client.GetInstanceAsync(id, true);
        }
    }

    // an EventRaised that arrives in the same batch after the event that ends a generation with ContinueAsNew is lost.
    [Fact]
    public async Task ContinueAsNew_EventBatchedAfterTheEndingEvent_IsCarriedOver()
    {
        await using var host = await DurableTestHost.StartAsync(t => new InMemoryOrchestrationBackend(t), r => r
            .AddOrchestratorFunc<int, string>("Gen", async (ctx, gen) =>
            {
                if (gen == 0)
                {
                    await ctx.WaitForExternalEvent<string>("go");
                    ctx.ContinueAsNew(1);
                    return "gen0";
                }

                return await ctx.WaitForExternalEvent<string>("extra");
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Gen", 0);
        await host.WaitForHistoryAsync(id, h => h.OfType<ExecutionStartedEvent>().Any());
        await host.Client.SuspendInstanceAsync(id);
        await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Suspended);
        await host.Client.RaiseEventAsync(id, "go", "g");        // both deferred, then applied in one step on resume
        await host.Client.RaiseEventAsync(id, "extra", "payload");
        await host.Client.ResumeInstanceAsync(id);

        var meta = await WaitCompleted(host, id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, meta!.RuntimeStatus);
        Assert.Equal("payload", meta.ReadOutputAs<string>());
    }

    // a terminate that arrives while the continue-as-new step is locked is applied to the ContinuedAsNew state,
    // then the new generation's start (queued behind it) is accepted because CanStart lets any start replace a terminal state.
    [Fact]
    public async Task Terminate_DuringContinueAsNewStep_IsNotUndoneByTheNextGeneration()
    {
        HookedBackend? backend = null;
        await using var host = await DurableTestHost.StartAsync(t => backend = new HookedBackend(new InMemoryOrchestrationBackend(t)), r => r
            .AddOrchestratorFunc<int, string>("Loop", async (ctx, gen) =>
            {
                if (gen == 0)
                {
                    await ctx.WaitForExternalEvent<string>("next");
                    ctx.ContinueAsNew(1);
                    return "";
                }

                return await ctx.WaitForExternalEvent<string>("never");
            }));
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Loop", 0);
        await host.WaitForHistoryAsync(id, h => h.OfType<ExecutionStartedEvent>().Any());
        int hooked = 0;
        backend!.BeforeComplete = async (w, s) =>
        {
            if (s.ReplacesHistory && w.State?.Status == OrchestrationStatus.Running && Interlocked.Exchange(ref hooked, 1) == 0)
            {
                await host.Client.TerminateInstanceAsync(id, "stop"); // client sees Running and sends
            }
        };
        await host.Client.RaiseEventAsync(id, "next", "x");
        await host.WaitForHistoryAsync(id, _ => Volatile.Read(ref hooked) == 1);
        await Task.Delay(500);

        var meta = await host.Client.GetInstanceAsync(id, true);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, meta!.RuntimeStatus); 
    }

    // same window: an event raised during the continue-as-new step overtakes the carried-over events.
    [Fact]
    public async Task ContinueAsNew_CarriedOverEvents_StayAheadOfEventsRaisedDuringTheStep()
    {
        HookedBackend? backend = null;
        await using var host = await DurableTestHost.StartAsync(t => backend = new HookedBackend(new InMemoryOrchestrationBackend(t)), r => r
            .AddOrchestratorFunc<int, string>("Ordered", async (ctx, gen) =>
            {
                if (gen == 0)
                {
                    await ctx.WaitForExternalEvent<string>("start");
                    ctx.ContinueAsNew(1);
                    return "";
                }

                string a = await ctx.WaitForExternalEvent<string>("x");
                string b = await ctx.WaitForExternalEvent<string>("x");
                return a + "," + b;
            }));
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Ordered", 0);
        await host.WaitForHistoryAsync(id, h => h.OfType<ExecutionStartedEvent>().Any());
        int hooked = 0;
        backend!.BeforeComplete = async (w, s) =>
        {
            if (s.ReplacesHistory && w.State?.Status == OrchestrationStatus.Running && Interlocked.Exchange(ref hooked, 1) == 0)
            {
                await host.Client.RaiseEventAsync(id, "x", "second");
            }
        };
        await host.Client.RaiseEventAsync(id, "x", "first");
        await host.Client.RaiseEventAsync(id, "start", "go");

        var meta = await WaitCompleted(host, id);
        Assert.Equal("first,second", meta!.ReadOutputAs<string>()); 
    }

    // a step for a finished instance (e.g. a late timer) rewrites the state it read; a purge (or a new start with
    // the same id) committed meanwhile is undone.
    [Fact]
    public async Task Purge_WhileAStaleMessageIsBeingProcessed_StaysPurged()
    {
        HookedBackend? backend = null;
        await using var host = await DurableTestHost.StartAsync(t => backend = new HookedBackend(new InMemoryOrchestrationBackend(t)), r => r
            .AddOrchestratorFunc<object?, string>("Quick", async (ctx, _) =>
            {
                // Timer loses the race; it is already sent and fires later for the finished instance.
                try { return await ctx.WaitForExternalEvent<string>("go", TimeSpan.FromHours(1)); }
                catch (TaskCanceledException) { return "timeout"; }
            }));
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Quick", input: null);
        await host.WaitForHistoryAsync(id, h => h.OfType<TimerCreatedEvent>().Any());
        await host.Client.RaiseEventAsync(id, "go", "done");
        await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Completed);

        int purged = 0;
        backend!.BeforeComplete = async (w, s) =>
        {
            if (w.State?.Status == OrchestrationStatus.Completed && Interlocked.Exchange(ref purged, 1) == 0)
            {
                Assert.Equal(1, (await host.Client.PurgeInstanceAsync(id)).PurgedInstanceCount);
            }
        };
        host.Time.Advance(TimeSpan.FromHours(1)); // stale TimerFired arrives
        await host.WaitForHistoryAsync(id, _ => Volatile.Read(ref purged) == 1);
        await Task.Delay(200);

        Assert.Null(await host.Client.GetInstanceAsync(id)); 
    }

    // the SDK derives a default child id from the instance id, the step's time and a counter that restarts in every
    // generation; DurableTask.Core runs the next generation in the same step, so under a clock that has not moved its
    // first child got the previous generation's child id and overwrote that child.
    [Fact]
    public async Task SubOrchestration_DefaultIds_AreNewInEveryGeneration()
    {
        await using var host = await DurableTestHost.StartAsync(t => new InMemoryOrchestrationBackend(t), r => r
            .AddOrchestratorFunc<int, int>("Echo", (_, n) => Task.FromResult(n))
            .AddOrchestratorFunc<int, int>("Generations", async (ctx, gen) =>
            {
                int echoed = await ctx.CallSubOrchestratorAsync<int>("Echo", gen);
                if (gen == 0)
                {
                    ctx.ContinueAsNew(1);
                }

                return echoed;
            }));
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Generations", 0);

        var meta = await host.RunToCompletionAsync(id, skipTime: false);
        var children = new List<OrchestrationMetadata>();
        await foreach (var instance in host.Client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true }))
        {
            if (instance.Name == "Echo")
            {
                children.Add(instance);
            }
        }

        Assert.Equal(1, meta.ReadOutputAs<int>());
        Assert.Equal([0, 1], children.Select(c => c.ReadOutputAs<int>()).Order());
    }

    // a cached session keeps its scheduler open between steps, so a non-durable continuation queued while idle runs
    // in the next step; replay of the same history fails the instance instead. Cache on and cache off disagree.
    [Fact]
    public async Task NonDurableAwait_WithDurableWorkPending_BehavesTheSameWithAndWithoutCache()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await DurableTestHost.StartAsync(t => new InMemoryOrchestrationBackend(t), r => r
            .AddActivityFunc<int, int>("Slow", async (_, n) => { await release.Task; return n; })
            .AddOrchestratorFunc<object?, int>("Mixed", async (ctx, _) =>
            {
                var a = ctx.CallActivityAsync<int>("Slow", 7);
                await Task.Delay(10); // not durable
                return await a;
            }));
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Mixed", input: null);
        await host.WaitForHistoryAsync(id, h => h.OfType<TaskScheduledEvent>().Any());
        await Task.Delay(200);
        release.SetResult();

        var meta = await WaitCompleted(host, id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, meta!.RuntimeStatus); 
    }

    [Fact]
    public async Task Suspend_ScheduledPendingInstance_IsAppliedOnceItStarts()
    {
        await using var host = await DurableTestHost.StartAsync(t => new InMemoryOrchestrationBackend(t), r => r
            .AddOrchestratorFunc<object?, string>("W", (ctx, _) => ctx.WaitForExternalEvent<string>("go")));
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("W", new StartOrchestrationOptions() { StartAt = host.Time.GetUtcNow().AddHours(1) });
        await host.Client.SuspendInstanceAsync(id, "hold");
        await Task.Delay(200);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await host.Client.GetInstanceAsync(id))!.RuntimeStatus);

        host.Time.Advance(TimeSpan.FromHours(1));
        await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Suspended);
        await host.Client.RaiseEventAsync(id, "go", "released");
        await host.Client.ResumeInstanceAsync(id);
        Assert.Equal("released", (await host.RunToCompletionAsync(id, skipTime: false)).ReadOutputAs<string>());
    }
}
