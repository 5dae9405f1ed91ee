using EduFlows.DurableTask.Storage;
using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using EduFlows.DurableTask;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using EduFlows.DurableTask.Storage.AzureStorage;
using DurableTask.Core.History;
using EduFlows.DurableTask.Tests;
using EduFlows.DurableTask.Tests.Backend.AzureStorage;
using EduFlows.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace EduFlows.DurableTask.Tests.Backend.AzureStorage;

/// <summary>Failure modes of the Azure Storage backend found in review: partial commits, oversize batches, stuck partitions.</summary>
[Collection(AzuriteTests.Name)]
public sealed class AzureStorageFailureModeTests(AzuriteFixture azurite)
{
    private static readonly EduFlowsProviderOptions Worker = new() { MaxConcurrentOrchestrations = 4, MaxConcurrentActivities = 16 };

    private Task<DurableTestHost> StartAsync(string hub, Action<DurableTaskRegistry> register, int partitions = 4) =>
        DurableTestHost.StartAsync(
            t => new AzureStorageOrchestrationBackend(AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with { PartitionCount = partitions }, t),
            register, Worker, time: new FakeTimeProvider(), pollInterval: TimeSpan.FromMilliseconds(50));

    private static Action<DurableTaskRegistry> Activities => r => r
        .AddActivityFunc<string, int>("Len", (_, s) => Task.FromResult(s.Length))
        .AddOrchestratorFunc<int, int>("One", async (ctx, n) => await ctx.CallActivityAsync<int>("Len", new string('a', n)));

    // RecoverDirtySlotsAsync: one instance whose load fails stalls the whole partition loop
    // (and leaves every other dirty slot Locked forever).
    [Fact]
    public async Task InstanceThatCannotLoad_DoesNotStallItsWholePartition()
    {
        string hub = AzuriteFixture.NewHubName();
        var history = new TableClient(azurite.ConnectionString, $"{hub}History");
        await history.CreateIfNotExistsAsync();

        // An instance whose latest commit left an outbox row, but which cannot be loaded
        // (here: its state payload blob is gone; a half-applied multi-batch commit does the same, see BUG 2).
        await history.AddEntityAsync(new TableEntity("broken", HistoryTable.StateRowKey)
        {
            ["State"] = "blob:broken/missing.json", ["HistoryCount"] = 0, ["Version"] = 2L, ["OutboxNonce"] = "n", ["Status"] = "Running",
        });
        await history.AddEntityAsync(new TableEntity("broken", "outbox-000000000002-000000")
        {
            ["Version"] = 2L, ["Nonce"] = "n", ["MessageId"] = "m", ["Kind"] = "activity", ["Target"] = "broken", ["Body"] = "{}",
        });

        await using var host = await StartAsync(hub, Activities, partitions: 1);
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("One", 3);

        var done = await host.RunToCompletionAsync(id, skipTime: false).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(3, done.ReadOutputAs<int>());
    }

    // a commit split into several batches is not atomic; when a later batch fails after an earlier one
    // overwrote/deleted rows (ContinueAsNew to a shorter history), the instance can never be loaded again.
    [Fact]
    public async Task ContinueAsNewCommitWhoseLastBatchFails_LeavesTheInstanceLoadable()
    {
        string hub = AzuriteFixture.NewHubName();
        await using var host = await StartAsync(hub, r => r
            .AddActivityFunc<int, int>("Id", (_, n) => Task.FromResult(n))
            .AddOrchestratorFunc<int, string>("Shrink", async (ctx, round) =>
            {
                // DurableTask.Core runs the next generation in the step that ends this one, so that step replaces the
                // history; round 1's own fan-out makes its commit large enough to need several batches.
                await Task.WhenAll(Enumerable.Range(0, 60).Select(i => ctx.CallActivityAsync<int>("Id", i)));
                if (round > 0)
                {
                    return "done";
                }

                ctx.ContinueAsNew(1);
                return "unreachable";
            }));
        var history = new TableClient(azurite.ConnectionString, $"{hub}History");
        int touched = 0;

        // While the step that replaces generation 0's history with generation 1's commits (its new rows and outbox
        // = several batches), something else bumps the state row's ETag, so its LAST batch fails after the earlier ones landed.
        // Any failure of the final batch has the same effect (timeout, 5xx, process killed, a stale owner).
        ((AzureStorageOrchestrationBackend)host.Backend).ReplacingCommitFaultInjector = async () =>
        {
            foreach (var row in history.Query<TableEntity>(e => e.RowKey == HistoryTable.StateRowKey))
            {
                if (Interlocked.Exchange(ref touched, 1) == 0)
                {
                    await history.UpdateEntityAsync(new TableEntity(row.PartitionKey, row.RowKey) { ["Touched"] = true }, ETag.All, TableUpdateMode.Merge);
                }
            }
        };

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Shrink", 0);
        await Task.Delay(TimeSpan.FromSeconds(15));
        Assert.Equal(1, touched);
        var load = await Record.ExceptionAsync(() => host.Client.GetOrchestrationHistoryAsync(id));
        Assert.Null(load); // actual: InvalidDataException "history row N of M is missing" - forever
        var done = await host.RunToCompletionAsync(id, skipTime: false).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("done", done.ReadOutputAs<string>());
    }

    // batches are cut at 100 operations only, not at 4 MiB: a fan-out whose rows are each under the
    // blob threshold can exceed the batch body limit, and the step is retried forever (413).
    [Fact]
    public async Task FanOutWithinRowLimits_CommitsEvenWhenTheBatchWouldExceed4MiB()
    {
        string hub = AzuriteFixture.NewHubName();
        await using var host = await StartAsync(hub, r => r
            .AddActivityFunc<string, int>("Len", (_, s) => Task.FromResult(s.Length))
            .AddOrchestratorFunc<int, int>("Paths", async (ctx, n) =>
            {
                // e.g. Windows paths / pre-serialized JSON: about 28 KB per row after escaping, under the 30,000-byte threshold.
                int[] lengths = await Task.WhenAll(Enumerable.Range(0, n).Select(_ => ctx.CallActivityAsync<int>("Len", new string('\\', 7000))));
                return lengths.Sum();
            }));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Paths", 50);
        var done = await host.RunToCompletionAsync(id, skipTime: false).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(350_000, done.ReadOutputAs<int>());
    }

    // the projection copies FailureDetails without a size check (Input/Output/CustomStatus are checked):
    // a long failure message makes every read by id throw.
    [Fact]
    public async Task FailedWithALongMessage_StatusByIdStillReadable()
    {
        string hub = AzuriteFixture.NewHubName();
        await using var host = await StartAsync(hub, r => r
            .AddOrchestratorFunc<int, int>("Boom", (Func<TaskOrchestrationContext, int, Task<int>>)((_, n) => throw new InvalidOperationException(new string('e', n)))));

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Boom", 40_000);
        await Task.Delay(3000);

        var meta = await host.Client.GetInstanceAsync(id); // throws RequestFailedException 400 PropertyValueTooLarge
        Assert.Equal(OrchestrationRuntimeStatus.Failed, meta!.RuntimeStatus);
    }
}
