using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EduFlows.DurableTask.Tests.Conformance;

/// <summary>
/// What processes rely on where Durable Functions records more history than the retired runtime did: a cancelled
/// timer and an event raised while suspended are in history, yet the orchestrator sees each exactly as intended.
/// </summary>
public abstract partial class DurableConformanceTests
{
    [Fact]
    public virtual async Task Timer_LosesRaceToEvent_IsNeverObservedByTheOrchestrator()
    {
        await using var host = await StartHostAsync(r => r
            .AddOrchestratorFunc<object?, string>("Approval", async (ctx, _) =>
            {
                string first = await ctx.WaitForExternalEvent<string>("approve", TimeSpan.FromDays(3));
                ctx.SetCustomStatus("waiting-second");
                string second = await ctx.WaitForExternalEvent<string>("second", TimeSpan.FromDays(10));
                return first + "+" + second;
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Approval", new StartOrchestrationOptions(NewId("race")));
        await host.WaitForHistoryAsync(id, h => h.OfType<TimerCreatedEvent>().Any());
        await host.Client.RaiseEventAsync(id, "approve", "yes");
        await WaitForCustomStatusAsync(host, id, "waiting-second");

        // The first timer (due at day 3) fires now; it lost its race and must neither end nor disturb the second wait.
        host.Time.Advance(TimeSpan.FromDays(4));
        await Task.Delay(200);
        var meanwhile = await host.Client.GetInstanceAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Running, meanwhile!.RuntimeStatus);

        await host.Client.RaiseEventAsync(id, "second", "done");
        var result = await host.RunToCompletionAsync(id, skipTime: false);
        Assert.Equal("yes+done", result.ReadOutputAs<string>());
        var history = await host.Client.GetOrchestrationHistoryAsync(id);
        var created = history.OfType<TimerCreatedEvent>().ToList();
        Assert.Equal(2, created.Count);

        // Recorded as in Durable Functions, but only the cancelled first timer fired, once; the live second one never did.
        Assert.Equal([created[0].EventId], history.OfType<TimerFiredEvent>().Select(f => f.TimerId));
    }

    [Fact]
    public async Task SuspendResume_EventRaisedWhileSuspended_IsHandledOnceAfterResume()
    {
        await using var host = await StartHostAsync(r => r
            .AddOrchestratorFunc<object?, string>("Pausable", async (ctx, _) =>
            {
                string decision = await ctx.WaitForExternalEvent<string>("decision");
                ctx.SetCustomStatus(decision);
                string closing = await ctx.WaitForExternalEvent<string>("close");
                return decision + closing;
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Pausable", new StartOrchestrationOptions(NewId("suspend-once")));
        await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);
        await host.Client.SuspendInstanceAsync(id, "objection under review");
        await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Suspended);
        await host.Client.RaiseEventAsync(id, "decision", "upheld");
        await Task.Delay(100);

        // Not handled while suspended: no custom status yet.
        var suspended = await host.Client.GetInstanceAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, suspended!.RuntimeStatus);
        Assert.Null(suspended.SerializedCustomStatus);

        await host.Client.ResumeInstanceAsync(id, "review finished");
        await WaitForCustomStatusAsync(host, id, "upheld");
        await host.Client.RaiseEventAsync(id, "close", ".");
        var result = await host.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal("upheld.", result.ReadOutputAs<string>());
        var history = await host.Client.GetOrchestrationHistoryAsync(id);
        Assert.Single(history.OfType<EventRaisedEvent>(), e => e.Name == "decision");
        Assert.Single(history.OfType<ExecutionSuspendedEvent>());
        Assert.Single(history.OfType<ExecutionResumedEvent>());
    }
}
