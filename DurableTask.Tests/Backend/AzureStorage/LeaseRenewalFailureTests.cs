using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using EduFlows.DurableTask.Storage.AzureStorage;
using EduFlows.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace EduFlows.DurableTask.Tests.Backend.AzureStorage;

/// <summary>
/// A partition lease whose renewal fails for a passing reason (network, 5xx, timeout) is still this worker's until it
/// expires: only a refusal (409/412) or the lease running out means it is lost.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class LeaseRenewalFailureTests(AzuriteFixture azurite)
{
    private const int Acquired = 2001;
    private const int Released = 2002;
    private const int StorageRetry = 2004;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ThreeRenewalsFail_ServerBusyServerErrorAndNetwork_ThePartitionIsKept_AndRenewedAfter()
    {
        string hub = AzuriteFixture.NewHubName();
        var sink = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(sink));
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with { PartitionCount = 1 };
        var worker = new AzureStorageOrchestrationBackend(options, TimeProvider.System, loggers);
        using var cts = new CancellationTokenSource(Bound);
        Exception[] failures =
        [
            new RequestFailedException(503, "The server is busy."),
            new RequestFailedException(500, "The server failed."),
            new HttpRequestException("The connection was reset."),
        ];
        int renewals = 0;
        worker.LeaseRenewalFaultInjector = _ =>
        {
            int n = Interlocked.Increment(ref renewals);
            return n <= failures.Length ? Task.FromException(failures[n - 1]) : Task.CompletedTask;
        };

        using var polling = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        var locking = worker.LockNextOrchestrationAsync(polling.Token);
        try
        {
            // The three failed renewals, then two that went through.
            await Poll.UntilAsync(() => Volatile.Read(ref renewals) >= failures.Length + 2, cts.Token);
            Assert.Equal([0], worker.OwnedPartitions);
            Assert.Single(sink.MessagesOf(Acquired));
            Assert.Empty(sink.MessagesOf(Released));
            Assert.Equal(3, sink.MessagesOf(StorageRetry).Count(m => m.Contains("renewing the lease of partition 0", StringComparison.Ordinal)));
            var lease = new BlobClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-leases", "partition-00");
            Assert.Equal(LeaseState.Leased, (await lease.GetPropertiesAsync(cancellationToken: cts.Token)).Value.LeaseState);
        }
        finally
        {
            await polling.CancelAsync();
            await locking;
            await worker.DisposeAsync();
        }
    }

    [Fact]
    public async Task RenewalsKeepFailing_ThePartitionIsDroppedAsLost_OnlyWhenItsLeaseWouldRunOutBeforeTheNextRenewal()
    {
        string hub = AzuriteFixture.NewHubName();
        var sink = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(sink));

        // A 15 s lease renewed every second.
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with { PartitionCount = 1 };
        var worker = new AzureStorageOrchestrationBackend(options, TimeProvider.System, loggers);
        using var cts = new CancellationTokenSource(Bound);
        using var polling = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        var locking = worker.LockNextOrchestrationAsync(polling.Token);
        try
        {
            await Poll.UntilAsync(() => worker.OwnedPartitions.Count == 1, cts.Token);
            DateTimeOffset? firstFailed = null;
            worker.LeaseRenewalFaultInjector = _ =>
            {
                firstFailed ??= DateTimeOffset.UtcNow;
                return Task.FromException(new RequestFailedException(503, "The server is busy."));
            };

            await Poll.UntilAsync(() => sink.MessagesOf(Released).Any(m => m.Contains("lease lost", StringComparison.Ordinal)), cts.Token);
            var lostAfter = DateTimeOffset.UtcNow - firstFailed!.Value;

            // Kept through the failures while a later renewal could still keep it: 14 s after the last renewal that went
            // through, which came a tick (a second, more on a loaded machine) before the first failure; 10 s leaves room.
            Assert.True(lostAfter >= options.LeaseDuration - (options.LeaseRenewInterval * 5), $"dropped {lostAfter} after the first failed renewal");
        }
        finally
        {
            await polling.CancelAsync();
            await locking;
            await worker.DisposeAsync();
        }
    }
}
