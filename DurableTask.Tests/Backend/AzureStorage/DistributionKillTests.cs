using System.Collections.Concurrent;
using Azure.Storage.Queues;
using DurableTask.Core;
using DurableTask.Core.History;
using EduFlows.DurableTask.Storage;
using EduFlows.DurableTask.Storage.AzureStorage;
using EduFlows.Tests.Infrastructure;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Time.Testing;

namespace EduFlows.DurableTask.Tests.Backend.AzureStorage;

/// <summary>
/// The reliability suite's chaos kill of a notice distribution (fan-out/fan-in of 100) once every receipt is filed,
/// in process: the instance is started on the worker that owns its partition, as the app's HTTP start is, and the
/// worker is stopped abruptly (<c>HaltAsync</c>: nothing released, nothing sent) at the points that matter for results
/// that were handed over but not yet, or only just, committed. Whatever the point, the next worker leaves the instance
/// Completed with every result applied once.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class DistributionKillTests(AzuriteFixture azurite)
{
    private const int Schools = 100;
    private static readonly EduFlowsProviderOptions Worker = new() { MaxConcurrentOrchestrations = 4, MaxConcurrentActivities = 16 };

    // Calls a killed worker held come back when their visibility lapses (10 s in these tests).
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task KilledWithEveryReceiptFiled_AndNoResultApplied_NextWorkerFinishes_EachResultAppliedOnce()
    {
        string hub = AzuriteFixture.NewHubName();
        var runs = new ConcurrentDictionary<int, int>();
        var first = await StartAsync(hub, runs);

        // Every step after the fan-out dies at its commit: each result is handed over, none is ever stored.
        int steps = 0;
        ((AzureStorageOrchestrationBackend)first.Backend).CommitFaultInjector = (_, _) =>
            Interlocked.Increment(ref steps) > 1 ? throw new IOException("process killed") : Task.CompletedTask;
        string id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Distribute", Schools);
        await WaitAsync(() => Task.FromResult(runs.Count == Schools && Volatile.Read(ref steps) > 1), "every receipt filed and a fan-in step tried");
        await KillAsync(first);
        Assert.Empty((await ReadHistoryAsync(hub, id)).OfType<TaskCompletedEvent>());

        await using var second = await StartAsync(hub, runs);
        using var bound = new CancellationTokenSource(Bound);
        var done = await second.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, bound.Token);

        await AssertFinishedOnceAsync(second, id, done, runs);
        // At least once: the killed worker's calls ran again, each at most once more.
        Assert.All(runs.Values, count => Assert.InRange(count, 1, 2));
    }

    [Fact]
    public async Task KilledAfterTheLastStepCommitted_BeforeItsReceiptsAreSettled_StaysCompleted_EachResultAppliedOnce()
    {
        string hub = AzuriteFixture.NewHubName();
        var runs = new ConcurrentDictionary<int, int>();
        var first = await StartAsync(hub, runs);
        var backend = (AzureStorageOrchestrationBackend)first.Backend;

        // The step that completes the instance is stored; the worker dies before it deletes what that step applied.
        int completing = 0;
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var die = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        backend.CommitFaultInjector = (_, step) =>
        {
            if (step.State?.Status == OrchestrationStatus.Completed)
            {
                Volatile.Write(ref completing, 1);
            }

            return Task.CompletedTask;
        };
        backend.FaultInjector = async point =>
        {
            if (point == "after-commit" && Volatile.Read(ref completing) == 1 && committed.TrySetResult())
            {
                await die.Task;
                throw new IOException("process killed");
            }
        };

        string id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Distribute", Schools);
        await committed.Task.WaitAsync(Bound);
        await backend.HaltAsync();
        die.SetResult();
        await first.DisposeAsync();

        await using var second = await StartAsync(hub, runs);
        var done = (await second.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!;
        await WaitAsync(async () => await WorkItemsLeftAsync(hub) == 0, "the killed worker's calls done");

        await AssertFinishedOnceAsync(second, id, done, runs);
        Assert.All(runs.Values, count => Assert.InRange(count, 1, 2));
    }

    [Fact]
    public async Task FinishedBeforeTheKill_RestartRunsNothingAgain()
    {
        // What the chaos probe's failing runs recorded (stuck 0, activities run again 0): the instance had finished before
        // the kill, so after the restart nothing was left to move.
        string hub = AzuriteFixture.NewHubName();
        var runs = new ConcurrentDictionary<int, int>();
        var first = await StartAsync(hub, runs);
        string id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Distribute", Schools);
        using (var bound = new CancellationTokenSource(Bound))
        {
            await first.Client.WaitForInstanceCompletionAsync(id, bound.Token);
        }

        await WaitAsync(async () => await WorkItemsLeftAsync(hub) == 0, "every call's message deleted");
        await KillAsync(first);

        await using var second = await StartAsync(hub, runs);
        // Longer than the visibility of any message the killed worker could have held.
        await Task.Delay(TimeSpan.FromSeconds(12));
        var done = (await second.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!;

        await AssertFinishedOnceAsync(second, id, done, runs);
        Assert.All(runs.Values, count => Assert.Equal(1, count));
    }

    private static async Task AssertFinishedOnceAsync(DurableTestHost host, string id, OrchestrationMetadata done, ConcurrentDictionary<int, int> runs)
    {
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Schools, done.ReadOutputAs<int>());
        var history = await host.Client.GetOrchestrationHistoryAsync(id);
        Assert.Equal(Schools, history.OfType<TaskScheduledEvent>().Count());
        Assert.Equal(Schools, history.OfType<TaskCompletedEvent>().Count());
        Assert.Equal(Schools, history.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId).Distinct().Count());
        Assert.Single(history.OfType<ExecutionCompletedEvent>());
        // Every school's receipt was filed.
        Assert.Equal(Enumerable.Range(0, Schools), runs.Keys.Order());
    }

    private async Task<int> WorkItemsLeftAsync(string hub)
    {
        var queue = new QueueClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-workitems");
        return (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
    }

    private async Task<IReadOnlyList<HistoryEvent>> ReadHistoryAsync(string hub, string id)
    {
        await using var reader = new AzureStorageOrchestrationBackend(AzureStorageTestOptions.Create(azurite.ConnectionString, hub), TimeProvider.System);
        return await reader.GetHistoryAsync(id, CancellationToken.None);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {Bound.TotalSeconds} s: {what}");
            await Task.Delay(5);
        }
    }

    private static Action<DurableTaskRegistry> Register(ConcurrentDictionary<int, int> runs) => r => r
        .AddActivityFunc<int, int>("FileReceipt", (_, school) =>
        {
            runs.AddOrUpdate(school, 1, (_, c) => c + 1);
            return Task.FromResult(school);
        })
        .AddOrchestratorFunc<int, int>("Distribute", async (ctx, schools) =>
        {
            int[] filed = await Task.WhenAll(Enumerable.Range(0, schools).Select(s => ctx.CallActivityAsync<int>("FileReceipt", s)));
            return filed.Distinct().Count();
        });

    private static async Task KillAsync(DurableTestHost host)
    {
        await ((AzureStorageOrchestrationBackend)host.Backend).HaltAsync();
        await host.DisposeAsync();
    }

    private Task<DurableTestHost> StartAsync(string hub, ConcurrentDictionary<int, int> runs) =>
        DurableTestHost.StartAsync(
            t => new AzureStorageOrchestrationBackend(AzureStorageTestOptions.Create(azurite.ConnectionString, hub), t),
            Register(runs),
            Worker,
            time: new FakeTimeProvider(),
            pollInterval: TimeSpan.FromMilliseconds(50));
}
