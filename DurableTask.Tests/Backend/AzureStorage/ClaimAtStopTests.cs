using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using DurableTask.Core;
using DurableTask.Core.History;
using EduFlows.DurableTask.Storage;
using EduFlows.DurableTask.Storage.AzureStorage;
using EduFlows.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace EduFlows.DurableTask.Tests.Backend.AzureStorage;

/// <summary>
/// What a stop leaves for the next process on this machine: the lease id claim is kept exactly when a lease may still
/// be held under it, and a halt (a simulated crash) during the stop leaves what a crash leaves.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class ClaimAtStopTests(AzuriteFixture azurite)
{
    private const int StorageRetry = 2004;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WorkerHaltedDuringAStop_ItsClaimAndHeartbeatStay_AndItsLeaseStaysHeld()
    {
        string hub = AzuriteFixture.NewHubName();
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with
        {
            PartitionCount = 1, StartRecoveryInterval = TimeSpan.FromMinutes(1), ControlMessageVisibility = TimeSpan.FromSeconds(60),
        };
        var worker = new AzureStorageOrchestrationBackend(options, TimeProvider.System);
        using var cts = new CancellationTokenSource(Bound);
        await HoldStartsAsync(worker, hub, 2, cts.Token);

        // The process dies as the stop has made the first held start visible.
        Task? halting = null;
        worker.ReceiptUpdatedHook = _ =>
        {
            halting ??= worker.HaltAsync();
            return Task.CompletedTask;
        };
        await worker.DisposeAsync();
        Assert.NotNull(halting);
        await halting.WaitAsync(cts.Token);

        // As after a crash: the claim for the next process on this machine, the heartbeat until it ages out, the lease
        // until it expires, and the second start hidden until its visibility lapses.
        Assert.Single(Claims(hub));
        var workers = new TableClient(azurite.ConnectionString, $"{hub}Workers");
        Assert.Single(workers.Query<TableEntity>(w => w.RowKey == options.WorkerId, cancellationToken: cts.Token));
        var lease = new BlobClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-leases", "partition-00");
        Assert.Equal(LeaseState.Leased, (await lease.GetPropertiesAsync(cancellationToken: cts.Token)).Value.LeaseState);
        var control = new QueueClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-control-00");
        Assert.Single((await control.PeekMessagesAsync(maxMessages: 32, cancellationToken: cts.Token)).Value);
    }

    [Fact]
    public async Task WorkerHaltedAfterItStopped_TheHaltEndsWithoutThrowing()
    {
        string hub = AzuriteFixture.NewHubName();
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with { PartitionCount = 1, StartRecoveryInterval = TimeSpan.FromMinutes(1) };
        var worker = new AzureStorageOrchestrationBackend(options, TimeProvider.System);
        using var cts = new CancellationTokenSource(Bound);
        await HoldStartsAsync(worker, hub, 1, cts.Token);
        await worker.DisposeAsync();

        await worker.HaltAsync().WaitAsync(cts.Token);

        // The stop had released everything: the halt changes none of it.
        Assert.Empty(Claims(hub));
        var lease = new BlobClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-leases", "partition-00");
        Assert.Equal(LeaseState.Available, (await lease.GetPropertiesAsync(cancellationToken: cts.Token)).Value.LeaseState);
    }

    [Fact]
    public async Task RebalanceLeftALeaseHeld_ThePartitionTakenAgainAndReleasedAtTheStop_TheClaimGoes()
    {
        string hub = AzuriteFixture.NewHubName();

        // Partition 1 is handed back when a second worker comes; its hand-back has one renewal interval (2 s).
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with
        {
            PartitionCount = 2, LeaseRenewInterval = TimeSpan.FromSeconds(2), StopTimeout = TimeSpan.FromSeconds(10),
            StartRecoveryInterval = TimeSpan.FromMinutes(1), ControlMessageVisibility = TimeSpan.FromSeconds(60),
        };
        var sink = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(sink));
        var worker = new AzureStorageOrchestrationBackend(options, TimeProvider.System, loggers);
        using var cts = new CancellationTokenSource(Bound);
        await HoldStartsAsync(worker, hub, 1, cts.Token, partition: 1);
        await Poll.UntilAsync(() => worker.OwnedPartitions.Count == 2, cts.Token);

        // Its held start is made visible only once the interval has run out (the hand-back's token is cancelled), so the
        // release is cut short: the lease is left held under this worker's lease id.
        int handBacks = 0;
        worker.ReceiptUpdatedHook = async handBack =>
        {
            if (Interlocked.Increment(ref handBacks) == 1)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, handBack);
                }
                catch (OperationCanceledException)
                {
                    // The interval ran out: the hand-back goes on to a release that cannot be sent any more.
                }
            }
        };
        var workers = new TableClient(azurite.ConnectionString, $"{hub}Workers");
        await workers.UpsertEntityAsync(new TableEntity("workers", "second-worker") { ["LastSeen"] = DateTimeOffset.UtcNow }, TableUpdateMode.Replace, cts.Token);
        await Poll.UntilAsync(() => worker.OwnedPartitions.Count == 1, cts.Token);
        var lease = new BlobClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-leases", "partition-01");
        await Poll.UntilAsync(() => sink.MessagesOf(StorageRetry).Any(m => m.Contains("handing back partition 1", StringComparison.Ordinal)), cts.Token);
        Assert.Equal(LeaseState.Leased, (await lease.GetPropertiesAsync(cancellationToken: cts.Token)).Value.LeaseState);

        // The second worker goes: the worker takes partition 1 again, and its stop then releases both leases.
        await workers.DeleteEntityAsync("workers", "second-worker", cancellationToken: cts.Token);
        await Poll.UntilAsync(() => worker.OwnedPartitions.Count == 2, cts.Token);
        await worker.DisposeAsync();

        Assert.Equal(LeaseState.Available, (await lease.GetPropertiesAsync(cancellationToken: cts.Token)).Value.LeaseState);
        Assert.Empty(Claims(hub));
    }

    /// <summary>The lease id claims kept for the hub on this machine.</summary>
    private IReadOnlyList<string> Claims(string hub) =>
        LeaseClaim.LeaseIds(LeaseClaim.DefaultFolder, LeaseClaim.KeyFor(new BlobContainerClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-leases").Uri));

    /// <summary>
    /// Creates <paramref name="count"/> instances in <paramref name="partition"/> before the worker owns it (so the starts
    /// go through its control queue) and has the worker hold their starts, with no step running.
    /// </summary>
    private static async Task HoldStartsAsync(AzureStorageOrchestrationBackend worker, string hub, int count, CancellationToken cancellationToken, int partition = 0)
    {
        var ids = Enumerable.Range(0, 200).Select(n => $"{hub}-i{n}").Where(id => worker.PartitionOf(id) == partition).Take(count).ToList();
        foreach (string id in ids)
        {
            var now = DateTimeOffset.UtcNow;
            var state = new OrchestrationInstanceState { InstanceId = id, Name = "Wait", ExecutionId = "e1", Status = OrchestrationStatus.Pending, CreatedAt = now, LastUpdatedAt = now };
            var started = new ExecutionStartedEvent(-1, null) { Name = "Wait", OrchestrationInstance = new OrchestrationInstance { InstanceId = id, ExecutionId = "e1" } };
            await worker.CreateInstanceAsync(state, new OrchestrationMessage("start", id, "e1", started), cancellationToken);
        }

        for (int i = 0; i < count; i++)
        {
            await worker.AbandonOrchestrationAsync((await worker.LockNextOrchestrationAsync(cancellationToken))!, CancellationToken.None);
        }
    }
}
