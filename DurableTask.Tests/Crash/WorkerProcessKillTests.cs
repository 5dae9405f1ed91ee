using DurableTask.Core.History;
using EduFlows.DurableTask.Storage;
using EduFlows.DurableTask.Storage.AzureStorage;
using EduFlows.Tests.Infrastructure;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EduFlows.DurableTask.Tests.Crash;

/// <summary>A worker process killed with SIGKILL in the middle of a fan-out; another process finishes the work, once.</summary>
[Collection(AzuriteTests.Name)]
public sealed class WorkerProcessKillTests(AzuriteFixture azurite) : IDisposable
{
    private const int Count = 300;
    private readonly string _runs = Directory.CreateTempSubdirectory("eduflows-runs-").FullName;

    [Fact]
    public async Task WorkerProcessKilledMidFanOut_AnotherProcessFinishes_EachResultAppliedOnce()
    {
        string hub = AzuriteFixture.NewHubName();
        await using var services = ClientOnly(hub);
        var client = services.GetRequiredService<DurableTaskClient>();
        using (var first = await WorkerProcess.StartAsync(azurite.ConnectionString, hub, "killed", _runs))
        {
            string id = await client.ScheduleNewOrchestrationInstanceAsync("FanOut", Count);
            await WaitAsync(async () => (await client.GetOrchestrationHistoryAsync(id)).OfType<TaskCompletedEvent>().Count() >= 50);
            first.Kill();
            int appliedBeforeKill = (await client.GetOrchestrationHistoryAsync(id)).OfType<TaskCompletedEvent>().Count();

            using var second = await WorkerProcess.StartAsync(azurite.ConnectionString, hub, "survivor", _runs);
            var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);

            Assert.True(appliedBeforeKill is >= 50 and < Count, $"{appliedBeforeKill} results were applied before the kill");
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            Assert.Equal(Enumerable.Range(0, Count).Sum(i => (long)i * 2), done.ReadOutputAs<long>());
            var history = await client.GetOrchestrationHistoryAsync(id);
            Assert.Equal(Count, history.OfType<TaskScheduledEvent>().Count());
            Assert.Equal(Count, history.OfType<TaskCompletedEvent>().Count());
            Assert.Equal(Count, history.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId).Distinct().Count());

            // Activities are at least once: a call the killed process was running may run again, nothing is lost.
            var runs = Directory.GetFiles(_runs).Select(f => int.Parse(Path.GetFileName(f).Split('.')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(Enumerable.Range(0, Count), runs.Distinct().Order());
        }
    }

    public void Dispose() => Directory.Delete(_runs, recursive: true);

    // A client on the hub and nothing else: the workers run in the other processes.
    private ServiceProvider ClientOnly(string hub) => new ServiceCollection()
        .AddLogging()
        .AddAzureStorageDurableBackend(new AzureStorageBackendOptions { ConnectionString = azurite.ConnectionString, TaskHubName = hub, WorkerId = "client" })
        .AddSingleton<DurableTaskClient>(sp => new Client.TaskHubDurableTaskClient(
            sp.GetRequiredService<global::DurableTask.Core.IOrchestrationServiceClient>(), PayloadJson.Converter, TimeProvider.System))
        .BuildServiceProvider();

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the fan-out did not get under way in time");
            await Task.Delay(100);
        }
    }
}
