using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EduFlows.DurableTask.Tests.Conformance;

/// <summary>
/// Returning with durable work still open, as in Durable Functions: an instance completes only once none of its
/// timers is left open, so orchestrator code cancels the timers it stops waiting for.
/// </summary>
public abstract partial class DurableConformanceTests
{
    [Fact]
    public virtual async Task Return_AfterCancellingTheTimersItStoppedWaitingFor_CompletesAtOnce()
    {
        await using var host = await StartTimedHostAsync(r => r
            .AddActivityFunc<string, string>("Record", (_, x) => Task.FromResult(x))
            .AddOrchestratorFunc<object?, string>("DecideFirst", (ctx, _) => DecideFirstAsync(ctx, cancelReminder: true)));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("DecideFirst", new StartOrchestrationOptions(NewId("cancelled")));
        await host.WaitForHistoryAsync(id, h => h.OfType<TimerCreatedEvent>().Count() == 2);
        var decidedAt = host.Clock.GetUtcNow();
        await host.Client.RaiseEventAsync(id, "decision", "granted");
        var done = await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Completed);

        Assert.Equal("granted", done.ReadOutputAs<string>());

        // At once: on the fake clock no time passed at all; on the wall clock, seconds after the decision, not days.
        AssertAt(host, decidedAt, done.LastUpdatedAt);
    }

    [Fact]
    public virtual async Task Return_WithATimerLeftOpen_StaysRunningUntilItFires()
    {
        await using var host = await StartHostAsync(r => r
            .AddActivityFunc<string, string>("Record", (_, x) => Task.FromResult(x))
            .AddOrchestratorFunc<object?, string>("DecideFirst", (ctx, _) => DecideFirstAsync(ctx, cancelReminder: false)));
        var start = host.Time.GetUtcNow();

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("DecideFirst", new StartOrchestrationOptions(NewId("open")));
        await host.WaitForHistoryAsync(id, h => h.OfType<TimerCreatedEvent>().Count() == 2);
        await host.Client.RaiseEventAsync(id, "decision", "granted");
        await host.WaitForHistoryAsync(id, h => h.OfType<TaskCompletedEvent>().Any());
        var waiting = await host.Client.GetInstanceAsync(id);
        var done = await host.RunToCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Running, waiting!.RuntimeStatus);
        Assert.Equal("granted", done.ReadOutputAs<string>());
        Assert.Equal(start.AddDays(5), done.LastUpdatedAt);
    }

    // Waits for a decision against a 10-day deadline, with a 5-day reminder that nobody awaits.
    private static async Task<string> DecideFirstAsync(TaskOrchestrationContext ctx, bool cancelReminder)
    {
        using var stopDeadline = new CancellationTokenSource();
        using var stopReminder = new CancellationTokenSource();
        var decision = ctx.WaitForExternalEvent<string>("decision");
        var deadline = ctx.CreateTimer(ctx.CurrentUtcDateTime.AddDays(10), stopDeadline.Token);
        _ = ctx.CreateTimer(ctx.CurrentUtcDateTime.AddDays(5), stopReminder.Token);
        if (await Task.WhenAny(decision, deadline) != decision)
        {
            return "no decision";
        }

#pragma warning disable CA1849 // Cancel inside the step, as orchestrator code must.
        stopDeadline.Cancel();
        if (cancelReminder)
        {
            stopReminder.Cancel();
        }
#pragma warning restore CA1849

        return await ctx.CallActivityAsync<string>("Record", await decision);
    }
}
