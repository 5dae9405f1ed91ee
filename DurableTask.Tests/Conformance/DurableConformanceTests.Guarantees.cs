using System.Globalization;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EduFlows.DurableTask.Tests.Conformance;

/// <summary>
/// What the EduFlows provider promises beyond DurableTask.Core's contract (issue 14): a provider that falls short
/// overrides the case with the reason instead of losing it.
/// </summary>
public abstract partial class DurableConformanceTests
{
    [Fact]
    public virtual async Task Timer_OnTheWallClock_NeverFiresEarly()
    {
        // Real time on purpose: the promise is about the clock the app runs by, and here that is the wall clock.
        await using var host = await StartHostAsync(
            r => r.AddOrchestratorFunc<int, double>("Sleeper", async (ctx, delayMs) =>
            {
                DateTime due = ctx.CurrentUtcDateTime.AddMilliseconds(delayMs);
                await ctx.CreateTimer(due, CancellationToken.None);
                return (ctx.CurrentUtcDateTime - due).TotalMilliseconds;
            }),
            TimeProvider.System);

        var ids = new List<string>();
        for (int i = 0; i < 8; i++)
        {
            ids.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync("Sleeper", 1000 + (i * 150), new StartOrchestrationOptions(NewId("wall-timer"))));
        }

        var lateness = new List<double>();
        foreach (string id in ids)
        {
            var result = await host.RunToCompletionAsync(id, skipTime: false);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
            lateness.Add(result.ReadOutputAs<double>());
        }

        Assert.All(lateness, ms => Assert.True(ms >= 0, $"a timer fired {-ms:F0} ms early; lateness (ms): {string.Join(", ", lateness.Select(l => l.ToString("F0", CultureInfo.InvariantCulture)))}"));
    }

    [Fact]
    public virtual async Task Start_ActiveInstanceId_RefusedByTheProviderEvenWithoutDedupeStatuses()
    {
        await using var host = await StartHostAsync(r => r
            .AddOrchestratorFunc<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("go")));
        string id = NewId("dup-raw");
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Wait", "first", new StartOrchestrationOptions(id));
        await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);

        // DurableTask.Core's overload without dedupe statuses: what a caller other than our client would use.
        var second = new ExecutionStartedEvent(-1, PayloadJson.Serialize("second"))
        {
            Name = "Wait",
            OrchestrationInstance = new OrchestrationInstance { InstanceId = id, ExecutionId = Guid.NewGuid().ToString("N") },
        };
        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() =>
            host.Service.CreateTaskOrchestrationAsync(new TaskMessage { Event = second, OrchestrationInstance = second.OrchestrationInstance }));

        await host.Client.RaiseEventAsync(id, "go", "done");
        var result = await host.RunToCompletionAsync(id, skipTime: false);
        Assert.Equal("first", result.ReadInputAs<string>());
        Assert.Single((await host.Client.GetOrchestrationHistoryAsync(id)).OfType<ExecutionStartedEvent>());
    }

    [Fact]
    public virtual async Task Start_SameIdTwiceAtOnce_ExactlyOneStarts()
    {
        await using var host = await StartHostAsync(r => r
            .AddOrchestratorFunc<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("go")));

        for (int round = 0; round < 5; round++)
        {
            string id = NewId("dup-race");
            var starts = new[] { "a", "b" }.Select(input => Task.Run(async () =>
            {
                try
                {
                    await host.Client.ScheduleNewOrchestrationInstanceAsync("Wait", input, new StartOrchestrationOptions(id));
                    return input;
                }
                catch (OrchestrationAlreadyExistsException)
                {
                    return null;
                }
            })).ToList();
            string?[] outcomes = await Task.WhenAll(starts);

            string winner = Assert.Single(outcomes.OfType<string>());
            var running = await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);
            Assert.Equal(winner, running.ReadInputAs<string>());
        }
    }

    [Fact]
    public virtual async Task Status_RightAfterAStepCommits_IsNeverStale()
    {
        const int Steps = 10;
        DurableTaskClient? client = null;
        var seenByActivities = new List<string>();
        await using var host = await StartHostAsync(r => r
            .AddActivityFunc<int, int>("Check", async (ctx, step) =>
            {
                // The step that scheduled this call has committed; its status must be what a reader sees now.
                var meta = await client!.GetInstanceAsync(ctx.InstanceId);
                lock (seenByActivities)
                {
                    seenByActivities.Add($"{step}:{meta?.RuntimeStatus}:{meta?.SerializedCustomStatus}");
                }

                return step;
            })
            .AddOrchestratorFunc<object?, int>("Stepping", async (ctx, _) =>
            {
                int sum = 0;
                for (int step = 1; step <= Steps; step++)
                {
                    ctx.SetCustomStatus(step);
                    sum += await ctx.CallActivityAsync<int>("Check", step);
                }

                return sum;
            }));
        client = host.Client;

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Stepping", new StartOrchestrationOptions(NewId("fresh")));
        var staleReads = new List<string>();
        while (true)
        {
            // Whatever history shows committed, the status read just after must already show.
            var history = await host.Client.GetOrchestrationHistoryAsync(id);
            int scheduled = history.OfType<TaskScheduledEvent>().Count();
            bool completed = history.OfType<ExecutionCompletedEvent>().Any();
            var meta = await host.Client.GetInstanceAsync(id);
            int shown = meta?.SerializedCustomStatus is { } status ? int.Parse(status, CultureInfo.InvariantCulture) : 0;
            if (shown < scheduled || (completed && meta?.RuntimeStatus != OrchestrationRuntimeStatus.Completed))
            {
                staleReads.Add($"history: {scheduled} scheduled{(completed ? ", completed" : string.Empty)}; status: {meta?.RuntimeStatus} {shown}");
            }

            if (completed)
            {
                break;
            }

            await Task.Delay(PollInterval);
        }

        var result = await host.RunToCompletionAsync(id, skipTime: false);
        Assert.Equal(Steps * (Steps + 1) / 2, result.ReadOutputAs<int>());
        Assert.Empty(staleReads);
        Assert.Equal(Enumerable.Range(1, Steps).Select(s => $"{s}:Running:{s}"), seenByActivities.OrderBy(s => int.Parse(s.Split(':')[0], CultureInfo.InvariantCulture)));
    }
}
