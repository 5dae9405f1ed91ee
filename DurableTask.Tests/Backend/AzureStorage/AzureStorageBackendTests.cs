using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using EduFlows.DurableTask;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using EduFlows.DurableTask.Storage;
using EduFlows.DurableTask.Storage.AzureStorage;
using DurableTask.Core.History;
using EduFlows.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace EduFlows.DurableTask.Tests.Backend.AzureStorage;

/// <summary>What the Azure Storage backend promises beyond the conformance suite: crashes, faults, scale-out, poison, restarts.</summary>
[Collection(AzuriteTests.Name)]
public sealed class AzureStorageBackendTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private static readonly EduFlowsProviderOptions Worker = new() { MaxConcurrentOrchestrations = 4, MaxConcurrentActivities = 16 };

    [Fact]
    public async Task WorkerKilledMidFanOut_NewWorkerFinishes_EachResultAppliedOnce()
    {
        string hub = AzuriteFixture.NewHubName();
        var runs = new ConcurrentDictionary<int, int>();
        var time = new FakeTimeProvider();

        // Slow calls, and a kill once 100 results are in: the first worker certainly dies in the middle of the fan-out.
        var first = await StartAsync(hub, time, runs, _ => Task.Delay(100));
        string id = await first.Client.ScheduleNewOrchestrationInstanceAsync("FanOut", 1000);
        await first.WaitForHistoryAsync(id, h => h.OfType<TaskCompletedEvent>().Count() >= 100);

        await KillAsync(first);
        int completedBeforeKill = (await first.Client.GetOrchestrationHistoryAsync(id)).OfType<TaskCompletedEvent>().Count();
        await using var second = await StartAsync(hub, time, runs);
        var result = await second.RunToCompletionAsync(id, skipTime: false);

        Assert.True(completedBeforeKill is > 0 and < 1000, $"{completedBeforeKill} results were applied before the kill");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(Enumerable.Range(0, 1000).Sum(i => (long)i * 2), result.ReadOutputAs<long>());
        var history = await second.Client.GetOrchestrationHistoryAsync(id);
        Assert.Equal(1000, history.OfType<TaskCompletedEvent>().Count());
        Assert.Equal(1000, history.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId).Distinct().Count());
        Assert.Equal(1000, runs.Count);
    }

    [Fact]
    public async Task FaultBetweenCommitAndSend_SameWorker_RecoversFromTheOutbox()
    {
        string hub = AzuriteFixture.NewHubName();
        await using var host = await StartAsync(hub, new FakeTimeProvider(), new ConcurrentDictionary<int, int>());
        var backend = (AzureStorageOrchestrationBackend)host.Backend;
        int faults = 0;
        backend.FaultInjector = point => point == "after-commit" && Interlocked.Increment(ref faults) <= 2
            ? throw new IOException("network dropped after the commit")
            : Task.CompletedTask;

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Sequence", 3);
        var result = await host.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(3, result.ReadOutputAs<int>());
        Assert.True(faults >= 2);
        Assert.Equal(3, (await host.Client.GetOrchestrationHistoryAsync(id)).OfType<TaskCompletedEvent>().Count());
    }

    [Fact]
    public async Task CrashBetweenCommitAndSend_NextOwnerResendsTheOutbox()
    {
        string hub = AzuriteFixture.NewHubName();
        var time = new FakeTimeProvider();
        var runs = new ConcurrentDictionary<int, int>();
        var first = await StartAsync(hub, time, runs);
        var crashed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ((AzureStorageOrchestrationBackend)first.Backend).FaultInjector = async point =>
        {
            // The first commit is stored; the process "dies" before its activity call is sent.
            if (crashed.TrySetResult())
            {
                await resume.Task;
                throw new IOException("process killed");
            }
        };

        string id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Sequence", 2);
        await crashed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await ((AzureStorageOrchestrationBackend)first.Backend).HaltAsync();
        resume.SetResult();
        await first.DisposeAsync();

        Assert.Empty(runs);
        await using var second = await StartAsync(hub, time, runs);
        var result = await second.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal(2, result.ReadOutputAs<int>());
        Assert.Equal(2, runs.Count);
    }

    [Fact]
    public async Task TwoWorkers_ShareTheHub_RunEachInstanceOnce_ThenSurvivorTakesOver()
    {
        string hub = AzuriteFixture.NewHubName();
        var time = new FakeTimeProvider();
        var runs = new ConcurrentDictionary<int, int>();
        var a = await StartAsync(hub, time, runs);
        await using var b = await StartAsync(hub, time, runs);
        var backendA = (AzureStorageOrchestrationBackend)a.Backend;
        var backendB = (AzureStorageOrchestrationBackend)b.Backend;
        await a.Client.GetPageAsync(new OrchestrationQuery());
        await Eventually(() => backendA.OwnedPartitions.Count == 2 && backendB.OwnedPartitions.Count == 2, TimeSpan.FromSeconds(30));

        var ids = new List<string>();
        for (int i = 0; i < 200; i++)
        {
            ids.Add(await a.Client.ScheduleNewOrchestrationInstanceAsync("Numbered", i * 10, new StartOrchestrationOptions($"{hub}-{i:D3}")));
        }

        foreach (string id in ids)
        {
            var done = await b.RunToCompletionAsync(id, skipTime: false);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        }

        Assert.Equal(600, runs.Count);
        Assert.All(runs.Values, count => Assert.Equal(1, count));
        for (int i = 0; i < 200; i += 37)
        {
            var meta = await a.Client.GetInstanceAsync(ids[i], getInputsAndOutputs: true);
            Assert.Equal(new[] { i * 10, (i * 10) + 1, (i * 10) + 2 }, meta!.ReadOutputAs<int[]>());
        }

        await KillAsync(a);
        await Eventually(() => backendB.OwnedPartitions.Count == 4, TimeSpan.FromSeconds(60));
        var late = new List<string>();
        for (int i = 0; i < 8; i++)
        {
            late.Add(await b.Client.ScheduleNewOrchestrationInstanceAsync("Numbered", 10_000 + (i * 10)));
        }

        foreach (string id in late)
        {
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await b.RunToCompletionAsync(id, skipTime: false)).RuntimeStatus);
        }
    }

    [Fact]
    public async Task MalformedMessages_AreSetAsideWithALogLine_AndWorkGoesOn()
    {
        string hub = AzuriteFixture.NewHubName();
        var sink = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(sink));
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub);
        var control = new QueueClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-control-00");
        var workItems = new QueueClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-workitems");
        await control.CreateIfNotExistsAsync();
        await workItems.CreateIfNotExistsAsync();
        await control.SendMessageAsync("this is not an orchestration message");
        await workItems.SendMessageAsync("{\"name\": 42");

        await using var host = await DurableTestHost.StartAsync(
            time => new AzureStorageOrchestrationBackend(options, time, loggers), Register(new ConcurrentDictionary<int, int>()), Worker, pollInterval: Poll);
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Sequence", 2);
        var result = await host.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal(2, result.ReadOutputAs<int>());
        var poison = new TableClient(azurite.ConnectionString, $"{hub}Poison");
        await Eventually(async () => await CountAsync(poison) == 2, TimeSpan.FromSeconds(10));
        var rows = poison.Query<TableEntity>().ToList();
        Assert.Contains(rows, r => r.PartitionKey == "control-00" && r.GetString("Body") == "this is not an orchestration message");
        Assert.Contains(rows, r => r.PartitionKey == "workitems" && r.GetString("Body") == "{\"name\": 42");
        Assert.Equal(2, sink.Count(2003));
    }

    [Fact]
    public async Task ProjectionLagging_StatusByIdIsAuthoritative_AndTheProjectionIsRepaired()
    {
        string hub = AzuriteFixture.NewHubName();
        await using var host = await StartAsync(hub, new FakeTimeProvider(), new ConcurrentDictionary<int, int>());
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Sequence", 1, new StartOrchestrationOptions($"{hub}-lag"));
        await host.RunToCompletionAsync(id, skipTime: false);

        // Simulate a crash between the commit and the projection update.
        var instances = new TableClient(azurite.ConnectionString, $"{hub}Instances");
        var row = (await instances.GetEntityAsync<TableEntity>(id, string.Empty)).Value;
        row["Status"] = nameof(OrchestrationRuntimeStatus.Running);
        row["Version"] = 1L;
        await instances.UpdateEntityAsync(row, row.ETag);
        var stale = await host.Client.GetPageAsync(new OrchestrationQuery { InstanceIdPrefix = id });
        Assert.Equal(OrchestrationRuntimeStatus.Running, Assert.Single(stale.Instances).RuntimeStatus);

        var byId = await host.Client.GetInstanceAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, byId!.RuntimeStatus);
        var repaired = await host.Client.GetPageAsync(new OrchestrationQuery { InstanceIdPrefix = id });
        Assert.Equal(OrchestrationRuntimeStatus.Completed, Assert.Single(repaired.Instances).RuntimeStatus);
    }

    [Fact]
    public async Task LargePayloads_GoToBlobs_AndRowsStayWithinTableLimits()
    {
        string hub = AzuriteFixture.NewHubName();
        await using var host = await StartAsync(hub, new FakeTimeProvider(), new ConcurrentDictionary<int, int>());
        string big = new('x', 200_000);

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Echo", big);
        var result = await host.RunToCompletionAsync(id, skipTime: false);

        Assert.Equal(big, result.ReadOutputAs<string>());
        var history = new TableClient(azurite.ConnectionString, $"{hub}History");
        var rows = history.Query<TableEntity>(e => e.PartitionKey == id).ToList();
        Assert.Contains(rows, r => r.GetString("Event")?.StartsWith("blob:", StringComparison.Ordinal) == true);
        Assert.All(rows, r => Assert.True((r.GetString("Event") ?? r.GetString("State") ?? string.Empty).Length < 32_000));
    }

    [Fact]
    public async Task AzuriteRestartedDuringARun_WorkersReconnect_AndEveryInstanceCompletes()
    {
        await using var storage = await AzuriteProcess.StartAsync(persistent: true);
        var runs = new ConcurrentDictionary<int, int>();
        var options = AzureStorageTestOptions.Create(storage.ConnectionString);
        await using var host = await DurableTestHost.StartAsync(
            time => new AzureStorageOrchestrationBackend(options, time), Register(runs, _ => Task.Delay(20)), Worker, pollInterval: Poll);
        var ids = new List<string>();
        for (int i = 0; i < 20; i++)
        {
            ids.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync("Sequence", 10));
        }

        await Eventually(() => runs.Count >= 40, TimeSpan.FromSeconds(60));
        await storage.RestartAsync(TimeSpan.FromSeconds(2));

        foreach (string id in ids)
        {
            var result = await host.RunToCompletionAsync(id, skipTime: false);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
            Assert.Equal(10, result.ReadOutputAs<int>());
            Assert.Equal(10, (await host.Client.GetOrchestrationHistoryAsync(id)).OfType<TaskCompletedEvent>().Count());
        }
    }

    private static Action<DurableTaskRegistry> Register(ConcurrentDictionary<int, int> runs, Func<int, Task>? gate = null) => r => r
        .AddActivityFunc<int, int>("Record", async (ctx, n) =>
        {
            runs.AddOrUpdate(n, 1, (_, c) => c + 1);
            if (gate is not null)
            {
                await gate(n);
            }

            return n;
        })
        .AddOrchestratorFunc<int, long>("FanOut", async (ctx, count) =>
        {
            int[] results = await Task.WhenAll(Enumerable.Range(0, count).Select(i => ctx.CallActivityAsync<int>("Record", i)));
            return results.Sum(x => (long)x * 2);
        })
        .AddOrchestratorFunc<int, int>("Sequence", async (ctx, count) =>
        {
            int done = 0;
            int baseValue = Math.Abs(ctx.InstanceId.GetHashCode(StringComparison.Ordinal) % 1_000_000) * 100;
            for (int i = 0; i < count; i++)
            {
                await ctx.CallActivityAsync<int>("Record", baseValue + i);
                done++;
            }

            return done;
        })
        .AddOrchestratorFunc<int, int[]>("Numbered", async (ctx, start) =>
        [
            await ctx.CallActivityAsync<int>("Record", start),
            await ctx.CallActivityAsync<int>("Record", start + 1),
            await ctx.CallActivityAsync<int>("Record", start + 2),
        ])
        .AddOrchestratorFunc<string, string>("Echo", (_, s) => Task.FromResult(s));

    private static async Task<long> CountAsync(TableClient table)
    {
        long count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>())
        {
            count++;
        }

        return count;
    }

    private static async Task Eventually(Func<bool> condition, TimeSpan timeout, TimeSpan? poll = null) =>
        await Eventually(() => Task.FromResult(condition()), timeout, poll);

    private static async Task Eventually(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? poll = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(100));
        }
    }

    private static async Task KillAsync(DurableTestHost host)
    {
        await ((AzureStorageOrchestrationBackend)host.Backend).HaltAsync();
        await host.DisposeAsync();
    }

    private Task<DurableTestHost> StartAsync(string hub, FakeTimeProvider time, ConcurrentDictionary<int, int> runs, Func<int, Task>? gate = null) =>
        DurableTestHost.StartAsync(
            t => new AzureStorageOrchestrationBackend(AzureStorageTestOptions.Create(azurite.ConnectionString, hub), t),
            Register(runs, gate), Worker, time: time, pollInterval: Poll);
}
