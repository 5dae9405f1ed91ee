using System.Diagnostics;
using Azure.Storage.Blobs;
using DurableTask.Core.History;
using EduFlows.DurableTask.Storage.AzureStorage;
using EduFlows.Tests.Infrastructure;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EduFlows.DurableTask.Tests.Crash;

/// <summary>
/// A worker process killed with SIGKILL and started again on the same machine takes its predecessor's leases back at
/// once; a worker process that still lives keeps its own.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class WorkerProcessRestartTests(AzuriteFixture azurite, ITestOutputHelper output) : IDisposable
{
    private const int Count = 200;

    // The longest lease Azure grants: a restart that waited for the killed process's leases to expire would take a minute.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ResumeBound = TimeSpan.FromSeconds(10);
    private readonly string _runs = Directory.CreateTempSubdirectory("eduflows-runs-").FullName;

    [Fact]
    public async Task WorkerProcessKilledMidFanOut_RestartedOnSameMachine_ProcessesWorkLongBeforeLeaseExpiryAndAppliesEachResultOnce()
    {
        string hub = AzuriteFixture.NewHubName();
        await using var services = ClientOnly(hub);
        var client = services.GetRequiredService<DurableTaskClient>();
        using var first = await WorkerProcess.StartAsync(azurite.ConnectionString, hub, "before-kill", _runs, Lease);
        string id = await client.ScheduleNewOrchestrationInstanceAsync("FanOut", Count);
        await WaitAsync(async () => await CompletedAsync(client, id) >= 50, TimeSpan.FromMinutes(2));
        first.Kill();
        int appliedBeforeKill = await CompletedAsync(client, id);

        var sinceRestart = Stopwatch.StartNew();
        using var second = await WorkerProcess.StartAsync(azurite.ConnectionString, hub, "after-restart", _runs, Lease);
        var ready = sinceRestart.Elapsed;
        var sinceReady = Stopwatch.StartNew();
        // No activity: the fresh instance needs only a partition, so its time shows the leases' takeover. With one activity
        // it queued behind the ~150 the killed process left, and a loaded machine took 30 s to drain them.
        string fresh = await client.ScheduleNewOrchestrationInstanceAsync("FanOut", 0);
        var freshDone = await client.WaitForInstanceCompletionAsync(fresh, getInputsAndOutputs: true, new CancellationTokenSource(Lease * 2).Token);
        var freshCompleted = sinceReady.Elapsed;
        await WaitAsync(async () => await CompletedAsync(client, id) > appliedBeforeKill, Lease * 2);
        var resumed = sinceRestart.Elapsed;
        var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
        output.WriteLine(
            $"lease {Lease.TotalSeconds} s; {appliedBeforeKill} results applied before the kill; the restarted process was ready after {ready.TotalSeconds:F2} s, " +
            $"then a new instance completed in {freshCompleted.TotalSeconds:F2} s; after the restart the fan-out's next result applied {resumed.TotalSeconds:F2} s, fan-out done {sinceRestart.Elapsed.TotalSeconds:F2} s");

        Assert.True(appliedBeforeKill is >= 50 and < Count, $"{appliedBeforeKill} results were applied before the kill");
        // Process start-up is not the leases' doing, so the bound counts from "ready". Messages the killed process held come
        // back when their visibility lapses (10 s here); the partitions do not wait for that.
        Assert.True(freshCompleted < ResumeBound, $"a new instance completed {freshCompleted.TotalSeconds:F1} s after the restarted process was ready");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, freshDone.RuntimeStatus);
        Assert.Equal(0L, freshDone.ReadOutputAs<long>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Enumerable.Range(0, Count).Sum(i => (long)i * 2), done.ReadOutputAs<long>());
        var history = await client.GetOrchestrationHistoryAsync(id);
        Assert.Equal(Count, history.OfType<TaskScheduledEvent>().Count());
        Assert.Equal(Count, history.OfType<TaskCompletedEvent>().Count());
        Assert.Equal(Count, history.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId).Distinct().Count());
    }

    [Fact]
    public async Task SecondWorkerProcess_FirstStillAlive_ClaimsItsOwnLeaseIdAndSharesTheWork()
    {
        string hub = AzuriteFixture.NewHubName();
        string key = LeaseClaim.KeyFor(new BlobContainerClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-leases").Uri);
        await using var services = ClientOnly(hub);
        var client = services.GetRequiredService<DurableTaskClient>();
        using var first = await WorkerProcess.StartAsync(azurite.ConnectionString, hub, "first", _runs, Lease);
        await WaitAsync(() => Task.FromResult(LeaseClaim.LeaseIds(LeaseClaim.DefaultFolder, key).Count == 1), TimeSpan.FromSeconds(30));
        string firstLeaseId = LeaseClaim.LeaseIds(LeaseClaim.DefaultFolder, key)[0];

        using var second = await WorkerProcess.StartAsync(azurite.ConnectionString, hub, "second", _runs, Lease);
        await WaitAsync(() => Task.FromResult(LeaseClaim.LeaseIds(LeaseClaim.DefaultFolder, key).Count == 2), TimeSpan.FromSeconds(30));
        string id = await client.ScheduleNewOrchestrationInstanceAsync("FanOut", Count);
        var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);

        Assert.Contains(firstLeaseId, LeaseClaim.LeaseIds(LeaseClaim.DefaultFolder, key));
        Assert.Equal(2, LeaseClaim.LeaseIds(LeaseClaim.DefaultFolder, key).Distinct().Count());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Enumerable.Range(0, Count).Sum(i => (long)i * 2), done.ReadOutputAs<long>());
        var history = await client.GetOrchestrationHistoryAsync(id);
        Assert.Equal(Count, history.OfType<TaskCompletedEvent>().Count());
        Assert.Equal(Count, history.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId).Distinct().Count());
    }

    public void Dispose() => Directory.Delete(_runs, recursive: true);

    private static async Task<int> CompletedAsync(DurableTaskClient client, string id) =>
        (await client.GetOrchestrationHistoryAsync(id)).OfType<TaskCompletedEvent>().Count();

    // A client on the hub and nothing else: the workers run in the other processes.
    private ServiceProvider ClientOnly(string hub) => new ServiceCollection()
        .AddLogging()
        .AddAzureStorageDurableBackend(new AzureStorageBackendOptions { ConnectionString = azurite.ConnectionString, TaskHubName = hub, WorkerId = "client" })
        .AddSingleton<DurableTaskClient>(sp => new Client.TaskHubDurableTaskClient(
            sp.GetRequiredService<global::DurableTask.Core.IOrchestrationServiceClient>(), PayloadJson.Converter, TimeProvider.System))
        .BuildServiceProvider();

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"the condition did not hold within {limit.TotalSeconds} s");
            await Task.Delay(100);
        }
    }
}
