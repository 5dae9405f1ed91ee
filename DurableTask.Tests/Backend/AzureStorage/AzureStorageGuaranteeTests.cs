using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using EduFlows.DurableTask.Storage;
using EduFlows.DurableTask.Storage.AzureStorage;
using EduFlows.Tests.Infrastructure;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EduFlows.DurableTask.Tests.Backend.AzureStorage;

/// <summary>
/// Where the EduFlows provider must beat Microsoft's (issue 14), on Azure Storage, including across crashes. A crash is an
/// in-process abrupt stop: <c>HaltAsync</c> stops every loop without releasing leases, messages or activity calls, and
/// the fault hook throws at the named point, so what storage holds afterwards is what a killed process leaves.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class AzureStorageGuaranteeTests(AzuriteFixture azurite)
{
    private static readonly EduFlowsProviderOptions Worker = new() { MaxConcurrentOrchestrations = 4, MaxConcurrentActivities = 16 };

    [Fact]
    public async Task ClientKilledBetweenStateRowAndStartMessage_InstanceStillRunsOnce()
    {
        string hub = AzuriteFixture.NewHubName();
        var time = new FakeTimeProvider();
        var runs = new ConcurrentDictionary<int, int>();
        var first = await StartAsync(hub, time, runs);
        ((AzureStorageOrchestrationBackend)first.Backend).StartFaultInjector = () => throw new IOException("process killed");

        await Assert.ThrowsAsync<IOException>(() => first.Client.ScheduleNewOrchestrationInstanceAsync("Sequence", 3, new StartOrchestrationOptions($"{hub}-start")));
        await KillAsync(first);
        await using var second = await StartAsync(hub, time, runs);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await second.Client.GetInstanceAsync($"{hub}-start"))!.RuntimeStatus);
        var done = await second.RunToCompletionAsync($"{hub}-start", skipTime: false);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(3, done.ReadOutputAs<int>());
        var history = await second.Client.GetOrchestrationHistoryAsync($"{hub}-start");
        Assert.Single(history.OfType<ExecutionStartedEvent>());
        Assert.Equal(3, history.OfType<TaskCompletedEvent>().Count());
        Assert.Equal(3, runs.Count);
        Assert.All(runs.Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task WorkerKilledBetweenCommitAndSend_NextWorkerFinishes_WithExactCounts()
    {
        string hub = AzuriteFixture.NewHubName();
        var time = new FakeTimeProvider();
        var runs = new ConcurrentDictionary<int, int>();
        var first = await StartAsync(hub, time, runs);
        int commits = 0;
        var atFault = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var die = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The worker is halted while it stands between the second commit and its send, as a killed process would be:
        // thrown at once, the worker itself recovered the send and went on before the test stopped it.
        ((AzureStorageOrchestrationBackend)first.Backend).FaultInjector = async point =>
        {
            if (point == "after-commit" && Interlocked.Increment(ref commits) == 2)
            {
                atFault.SetResult();
                await die.Task;
                throw new IOException("process killed");
            }
        };

        string id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Sequence", 3);
        await atFault.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await ((AzureStorageOrchestrationBackend)first.Backend).HaltAsync();
        die.SetResult();
        await first.DisposeAsync();
        await using var second = await StartAsync(hub, time, runs);
        var done = await second.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal(3, done.ReadOutputAs<int>());
        var history = await second.Client.GetOrchestrationHistoryAsync(id);
        Assert.Single(history.OfType<ExecutionStartedEvent>());
        Assert.Equal(3, history.OfType<TaskScheduledEvent>().Count());
        Assert.Equal(3, history.OfType<TaskCompletedEvent>().Count());
        Assert.Single(history.OfType<ExecutionCompletedEvent>());
        Assert.Equal(3, runs.Count);
    }

    [Fact]
    public async Task ResponsesForAnsweredTasks_NeverReachHistory_BeforeOrAfterACrash()
    {
        string hub = AzuriteFixture.NewHubName();
        var time = new FakeTimeProvider();
        var runs = new ConcurrentDictionary<int, int>();
        var first = await StartAsync(hub, time, runs);
        string id = await first.Client.ScheduleNewOrchestrationInstanceAsync("ThreeThenWait", 0);
        var answered = await first.WaitForHistoryAsync(id, h => h.OfType<TaskCompletedEvent>().Count() == 3);

        await SendCopiesAsync(first.Backend, id, answered);
        await first.WaitForHistoryAsync(id, _ => true);
        await KillAsync(first);
        await using var second = await StartAsync(hub, time, runs);
        await SendCopiesAsync(second.Backend, id, answered);
        await second.Client.RaiseEventAsync(id, "go", 1);
        var done = await second.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var history = await second.Client.GetOrchestrationHistoryAsync(id);
        Assert.Equal(3, history.OfType<TaskCompletedEvent>().Count());
        Assert.Equal(3, history.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId).Distinct().Count());
        Assert.Single(history.OfType<EventRaisedEvent>());
    }

    [Fact]
    public async Task CompletedActivityWhoseQueueDeleteFails_IsNotRunAgain()
    {
        string hub = AzuriteFixture.NewHubName();
        var runs = new ConcurrentDictionary<int, int>();
        await using var host = await StartAsync(hub, new FakeTimeProvider(), runs);
        int faults = 0;
        ((AzureStorageOrchestrationBackend)host.Backend).FaultInjector = point =>
            point == "activity-delete" && Interlocked.Increment(ref faults) <= 3 ? throw new IOException("storage hiccup") : Task.CompletedTask;

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Sequence", 3);
        var done = await host.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal(3, done.ReadOutputAs<int>());
        Assert.True(faults >= 3);
        // A call left in the queue would come back after its visibility timeout (10 s here): wait it out.
        await Task.Delay(TimeSpan.FromSeconds(12));
        Assert.Equal(3, runs.Count);
        Assert.All(runs.Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task DurableTimer_NeverFiresBeforeTheClockReachesIt()
    {
        string hub = AzuriteFixture.NewHubName();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        await using var host = await StartAsync(hub, time, new ConcurrentDictionary<int, int>());
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Wait", 600);
        var created = (await host.WaitForHistoryAsync(id, h => h.OfType<TimerCreatedEvent>().Any())).OfType<TimerCreatedEvent>().Single();
        var due = new DateTimeOffset(DateTime.SpecifyKind(created.FireAt, DateTimeKind.Utc));

        time.SetUtcNow(due - TimeSpan.FromMilliseconds(1));
        await Task.Delay(TimeSpan.FromSeconds(3));
        var early = await host.Client.GetOrchestrationHistoryAsync(id);
        time.SetUtcNow(due);
        var done = await host.RunToCompletionAsync(id, skipTime: false);

        Assert.Empty(early.OfType<TimerFiredEvent>());
        Assert.Empty(early.OfType<ExecutionCompletedEvent>());
        Assert.True(done.ReadOutputAs<DateTime>() >= due.UtcDateTime);
        Assert.Single((await host.Client.GetOrchestrationHistoryAsync(id)).OfType<TimerFiredEvent>());
    }

    [Fact]
    public async Task Status_IsNeverStale_OnceAStepHasCommitted()
    {
        string hub = AzuriteFixture.NewHubName();
        DurableTaskClient? client = null;
        await using var host = await DurableTestHost.StartAsync(
            t => new AzureStorageOrchestrationBackend(AzureStorageTestOptions.Create(azurite.ConnectionString, hub), t),
            r => r
                .AddActivityFunc<string, string>("SeeStatus", async (ctx, _) =>
                {
                    // Scheduled by the step that set the status: that step has committed, so its status must show.
                    var meta = await client!.GetInstanceAsync(ctx.InstanceId);
                    return $"{meta!.RuntimeStatus}:{meta.SerializedCustomStatus}";
                })
                .AddOrchestratorFunc<int, string[]>("Steps", async (ctx, n) =>
                {
                    var seen = new List<string>();
                    for (int i = 1; i <= n; i++)
                    {
                        ctx.SetCustomStatus($"step {i}");
                        seen.Add(await ctx.CallActivityAsync<string>("SeeStatus", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    }

                    return [.. seen];
                }),
            Worker, time: new FakeTimeProvider(), pollInterval: TimeSpan.FromMilliseconds(50));
        client = host.Client;

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Steps", 5);
        var done = await host.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal(
            Enumerable.Range(1, 5).Select(i => $"Running:\"step {i}\"").ToArray(),
            done.ReadOutputAs<string[]>());
    }

    [Fact]
    public async Task SecondStartOfAnActiveId_IsRefused_WithoutDedupeStatuses()
    {
        string hub = AzuriteFixture.NewHubName();
        await using var host = await StartAsync(hub, new FakeTimeProvider(), new ConcurrentDictionary<int, int>());
        var service = host.Services.GetRequiredService<IOrchestrationServiceClient>();
        string id = $"{hub}-once";
        await host.Client.ScheduleNewOrchestrationInstanceAsync("ThreeThenWait", 1, new StartOrchestrationOptions(id));
        await host.WaitForHistoryAsync(id, h => h.OfType<TaskCompletedEvent>().Count() == 3);

        var again = await Record.ExceptionAsync(() => service.CreateTaskOrchestrationAsync(StartMessage(id, "ThreeThenWait", "2")));
        var againWithEmptyList = await Record.ExceptionAsync(() => service.CreateTaskOrchestrationAsync(StartMessage(id, "ThreeThenWait", "3"), []));
        await host.Client.RaiseEventAsync(id, "go", 1);
        var done = await host.RunToCompletionAsync(id, skipTime: false);

        Assert.IsType<OrchestrationAlreadyExistsException>(again);
        Assert.IsType<OrchestrationAlreadyExistsException>(againWithEmptyList);
        Assert.Equal("1", done.SerializedInput);
        var history = await host.Client.GetOrchestrationHistoryAsync(id);
        Assert.Single(history.OfType<ExecutionStartedEvent>());
        Assert.Equal(3, history.OfType<TaskCompletedEvent>().Count());
    }

    private static TaskMessage StartMessage(string id, string name, string input)
    {
        var instance = new OrchestrationInstance { InstanceId = id, ExecutionId = Guid.NewGuid().ToString("N") };
        return new TaskMessage { Event = new ExecutionStartedEvent(-1, input) { Name = name, OrchestrationInstance = instance }, OrchestrationInstance = instance };
    }

    // Redelivered responses as a crash or a lapsed visibility produces them: same task, new message ids.
    private static async Task SendCopiesAsync(IOrchestrationBackend backend, string id, IReadOnlyList<HistoryEvent> history)
    {
        foreach (var completed in history.OfType<TaskCompletedEvent>())
        {
            var copy = new TaskCompletedEvent(-1, completed.TaskScheduledId, completed.Result);
            await backend.SendMessageAsync(new OrchestrationMessage(Guid.NewGuid().ToString("N"), id, null, copy), CancellationToken.None);
        }
    }

    private static Action<DurableTaskRegistry> Register(ConcurrentDictionary<int, int> runs) => r => r
        .AddActivityFunc<int, int>("Record", (ctx, n) =>
        {
            runs.AddOrUpdate(n, 1, (_, c) => c + 1);
            return Task.FromResult(n);
        })
        .AddOrchestratorFunc<int, int>("Sequence", async (ctx, count) =>
        {
            int baseValue = Math.Abs(ctx.InstanceId.GetHashCode(StringComparison.Ordinal) % 1_000_000) * 100;
            for (int i = 0; i < count; i++)
            {
                await ctx.CallActivityAsync<int>("Record", baseValue + i);
            }

            return count;
        })
        .AddOrchestratorFunc<int, int>("ThreeThenWait", async (ctx, n) =>
        {
            int sum = 0;
            for (int i = 0; i < 3; i++)
            {
                sum += await ctx.CallActivityAsync<int>("Record", (n * 10) + i);
            }

            return sum + await ctx.WaitForExternalEvent<int>("go");
        })
        .AddOrchestratorFunc<int, DateTime>("Wait", async (ctx, seconds) =>
        {
            await ctx.CreateTimer(ctx.CurrentUtcDateTime.AddSeconds(seconds), CancellationToken.None);
            return ctx.CurrentUtcDateTime;
        });

    private static async Task KillAsync(DurableTestHost host)
    {
        await ((AzureStorageOrchestrationBackend)host.Backend).HaltAsync();
        await host.DisposeAsync();
    }

    private Task<DurableTestHost> StartAsync(string hub, FakeTimeProvider time, ConcurrentDictionary<int, int> runs) =>
        DurableTestHost.StartAsync(
            t => new AzureStorageOrchestrationBackend(AzureStorageTestOptions.Create(azurite.ConnectionString, hub), t),
            Register(runs), Worker, time: time, pollInterval: TimeSpan.FromMilliseconds(50));
}
