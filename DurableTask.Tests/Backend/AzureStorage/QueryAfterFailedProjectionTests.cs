using DurableTask.Core;
using EduFlows.DurableTask.Storage;
using EduFlows.DurableTask.Storage.AzureStorage;
using EduFlows.Tests.Infrastructure;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace EduFlows.DurableTask.Tests.Backend.AzureStorage;

/// <summary>
/// Queries read the instances table, which trails the committed state: a failed write of it must be made good without
/// anyone reading the instance by id, or a wait that only queries (the provider benchmark's) waits forever for an
/// instance that has finished.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class QueryAfterFailedProjectionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task CompletedStateWriteToTheInstancesTableFails_QueryStillShowsCompleted()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services
            .AddAzureStorageDurableBackend(AzureStorageTestOptions.Create(azurite.ConnectionString))
            .AddDurableTask(r => r
                .AddActivityFunc<string, string>("SayHello", (_, city) => Task.FromResult($"Hello {city}!"))
                .AddOrchestratorFunc<object?, string>("Hello", (ctx, _) => ctx.CallActivityAsync<string>("SayHello", "Tokyo")));
        var host = builder.Build();
        var backend = (AzureStorageOrchestrationBackend)host.Services.GetRequiredService<IOrchestrationBackend>();
        int failed = 0;
        backend.ProjectionFaultInjector = state => state.Status == OrchestrationStatus.Completed && Interlocked.Increment(ref failed) == 1
            ? throw new IOException("the instances table did not answer")
            : Task.CompletedTask;
        await host.StartAsync();
        try
        {
            var client = host.Services.GetRequiredService<DurableTaskClient>();
            string id = await client.ScheduleNewOrchestrationInstanceAsync("Hello", new StartOrchestrationOptions("projection-behind"));

            bool shown = false;
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!shown && !limit.IsCancellationRequested)
            {
                await foreach (var meta in client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = id, Statuses = [OrchestrationRuntimeStatus.Completed] }))
                {
                    shown = true;
                }

                await Task.Delay(100);
            }

            Assert.True(failed >= 1, "the fault never fired");
            Assert.True(shown, "the query never showed the instance Completed");
        }
        finally
        {
            await host.StopAsync();
            await ((IAsyncDisposable)host).DisposeAsync();
        }
    }

    [Fact]
    public async Task WorkerKilledBetweenTheCommitAndTheInstancesTableWrite_NextWorkerMendsTheRow_WithoutAReadById()
    {
        // The office's lists and query-only waits read the instances table: the row a killed worker did not write must be
        // mended by the worker that takes the partition, not only when someone reads the instance by id.
        string hub = AzuriteFixture.NewHubName();
        var first = await StartAsync(hub);
        var backend = (AzureStorageOrchestrationBackend)first.Backend;
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var die = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        backend.ProjectionFaultInjector = async state =>
        {
            if (state.Status == OrchestrationStatus.Completed && reached.TrySetResult())
            {
                await die.Task;
                throw new IOException("process killed");
            }
        };

        string id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Hello", new StartOrchestrationOptions("killed-before-row"));
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await backend.HaltAsync();
        die.SetResult();
        await first.DisposeAsync();
        Assert.False(await QueriedCompletedAsync(hub, id), "the killed worker wrote the row after all: nothing to mend");

        await using var second = await StartAsync(hub);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await ShownCompletedAsync(second.Client, id))
        {
            Assert.True(DateTime.UtcNow < deadline, "the query never showed the instance Completed");
            await Task.Delay(200);
        }
    }

    private static async Task<bool> ShownCompletedAsync(DurableTaskClient client, string id)
    {
        await foreach (var meta in client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = id, Statuses = [OrchestrationRuntimeStatus.Completed] }))
        {
            return meta.InstanceId == id;
        }

        return false;
    }

    private async Task<bool> QueriedCompletedAsync(string hub, string id)
    {
        // A provider with no worker: it queries the instances table without taking partitions or mending anything.
        await using var reader = new AzureStorageOrchestrationBackend(AzureStorageTestOptions.Create(azurite.ConnectionString, hub), TimeProvider.System);
        var page = await reader.QueryAsync(new InstanceQuery { InstanceIdPrefix = id, Statuses = [OrchestrationStatus.Completed] }, CancellationToken.None);
        return page.Instances.Any(i => i.InstanceId == id);
    }

    private Task<DurableTestHost> StartAsync(string hub) =>
        DurableTestHost.StartAsync(
            t => new AzureStorageOrchestrationBackend(AzureStorageTestOptions.Create(azurite.ConnectionString, hub), t),
            r => r
                .AddActivityFunc<string, string>("SayHello", (_, city) => Task.FromResult($"Hello {city}!"))
                .AddOrchestratorFunc<object?, string>("Hello", (ctx, _) => ctx.CallActivityAsync<string>("SayHello", "Tokyo")),
            time: new FakeTimeProvider(),
            pollInterval: TimeSpan.FromMilliseconds(50));
}
