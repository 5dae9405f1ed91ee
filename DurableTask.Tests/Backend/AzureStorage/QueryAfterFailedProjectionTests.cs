using DurableTask.Core;
using EduFlows.DurableTask.Storage;
using EduFlows.DurableTask.Storage.AzureStorage;
using EduFlows.Tests.Infrastructure;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
}
