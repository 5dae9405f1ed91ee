using EduFlows.DurableTask.Storage.AzureStorage;
using EduFlows.Tests.Infrastructure;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;

namespace EduFlows.DurableTask.Tests.Backend.AzureStorage;

/// <summary>
/// What one hello-sequence instance (five activities one after another) costs in storage requests and queue messages on
/// one worker: the figures that bound the provider's throughput, counted rather than timed.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class HelloSequenceStorageCostTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    // Requests whose number depends on the instance alone, not on how often idle loops poll or leases renew.
    private static readonly string[] WorkKinds = ["queue put", "queue delete", "queue update", "table batch", "table write History", "table write Instances"];

    [Fact]
    public async Task FiveStepHello_OnOneWorker_CostsAtMostItsBudgetOfRequestsAndMessages()
    {
        var backend = new AzureStorageOrchestrationBackend(AzureStorageTestOptions.Create(azurite.ConnectionString), TimeProvider.System);
        await using var host = await DurableTestHost.StartAsync(_ => backend, r => r
            .AddActivityFunc<string, string>("SayHello", (_, city) => Task.FromResult($"Hello {city}!"))
            .AddOrchestratorFunc<object?, string[]>("HelloFive", async (ctx, _) =>
            {
                var greetings = new List<string>();
                foreach (string city in new[] { "Tokyo", "Seattle", "London", "Paris", "Beijing" })
                {
                    greetings.Add(await ctx.CallActivityAsync<string>("SayHello", city));
                }

                return [.. greetings];
            }),
            pollInterval: TimeSpan.FromMilliseconds(250));

        // A first instance takes the partitions and warms everything up; only the second is counted.
        await RunAsync(host, "hello-warmup-" + Guid.NewGuid().ToString("N"));
        await SettleAsync(backend);
        var before = Snapshot(backend);
        await RunAsync(host, "hello-counted-" + Guid.NewGuid().ToString("N"));
        await SettleAsync(backend);
        var after = Snapshot(backend);

        var cost = after.Kinds.ToDictionary(k => k.Key, k => k.Value - before.Kinds.GetValueOrDefault(k.Key));
        long work = WorkKinds.Sum(k => cost.GetValueOrDefault(k));
        long received = after.Received - before.Received;
        long loads = after.Loads - before.Loads;
        output.WriteLine($"work requests {work}; messages put {cost.GetValueOrDefault("queue put")}, received {received}; instance loads {loads}");
        foreach (var (kind, n) in cost.Where(k => k.Value > 0).OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {kind}: {n}");
        }

        // Was: 37 work requests (11 queue puts, 11 queue deletes, 11 batches, 4 table writes), 11 messages received, 1 load.
        // Now the start and the responses go to the partition in memory, the calls' messages are taken as they are sent,
        // and the first step uses the state row the start wrote: one message per call, none received from a queue.
        // Two of the budget are the pending-starts index (its row written with the start, removed by the first commit):
        // they replace a scan of the whole history table that every worker ran each sweep interval.
        Assert.Equal(5, cost.GetValueOrDefault("queue put"));
        Assert.Equal(0, received);
        Assert.Equal(0, loads);
        Assert.True(work <= 28, $"{work} work requests");
    }

    private static async Task RunAsync(DurableTestHost host, string id)
    {
        await host.Client.ScheduleNewOrchestrationInstanceAsync("HelloFive", new StartOrchestrationOptions(id));
        var done = await host.RunToCompletionAsync(id, skipTime: false);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("[\"Hello Tokyo!\",\"Hello Seattle!\",\"Hello London!\",\"Hello Paris!\",\"Hello Beijing!\"]", done.SerializedOutput);
    }

    // The last step's deletes follow its commit, which the client already sees: wait until the work counts stop moving.
    private static async Task SettleAsync(AzureStorageOrchestrationBackend backend)
    {
        long last = -1;
        while (true)
        {
            long now = WorkKinds.Sum(k => backend.StorageOperationsByKind.GetValueOrDefault(k));
            if (now == last)
            {
                return;
            }

            last = now;
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    private static (IReadOnlyDictionary<string, long> Kinds, long Received, long Loads) Snapshot(AzureStorageOrchestrationBackend backend) =>
        (backend.StorageOperationsByKind, backend.QueueMessagesReceived, backend.InstanceLoads);
}
