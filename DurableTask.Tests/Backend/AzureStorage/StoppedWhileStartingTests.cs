using System.Diagnostics;
using EduFlows.DurableTask.Storage.AzureStorage;
using EduFlows.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EduFlows.DurableTask.Tests.Backend.AzureStorage;

/// <summary>
/// A worker stopped (or killed) while it is still starting: its first lock call is creating the hub and its lease
/// manager. The start must not go on after the stop and leave a lease manager nobody stops, holding partitions (and the
/// messages sent to them) for the life of the process. That left an instance whose start was re-sent Pending for good
/// (<c>AzureStorageGuaranteeTests.ClientKilledBetweenStateRowAndStartMessage_InstanceStillRunsOnce</c> timed out on a
/// loaded machine, where the kill came while the first worker was still starting).
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class StoppedWhileStartingTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task HaltedWhileStarting_HoldsNoPartition_AndTheNextWorkerTakesThemAll()
    {
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString);
        var first = new AzureStorageOrchestrationBackend(options, TimeProvider.System);

        // The lock call returns at its first storage request, while the worker is starting.
        var locking = first.LockNextOrchestrationAsync(CancellationToken.None);
        await first.HaltAsync();
        await AssertStoppedAsync(first, locking, options);
        await first.DisposeAsync();

        await AssertPartitionsFreeAsync(options);
    }

    [Fact]
    public async Task StoppedWhileStarting_HoldsNoPartition_AndTheNextWorkerTakesThemAll()
    {
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString);
        var first = new AzureStorageOrchestrationBackend(options, TimeProvider.System);

        // Both dispatchers' first calls, as a host makes them: either may be the one that starts the worker.
        var locking = Task.WhenAll(first.LockNextActivityAsync(CancellationToken.None), first.LockNextOrchestrationAsync(CancellationToken.None));
        await first.DisposeAsync();

        await AssertStoppedAsync(first, locking, options);
        await AssertPartitionsFreeAsync(options);
    }

    /// <summary>Stopped means stopped: the lock call ends without a work item or an error, and a few lease rounds later nothing is owned.</summary>
    private async Task AssertStoppedAsync(AzureStorageOrchestrationBackend first, Task locking, AzureStorageBackendOptions options)
    {
        var ended = await Record.ExceptionAsync(() => locking.WaitAsync(TimeSpan.FromSeconds(30)));
        await Task.Delay(options.LeaseRenewInterval * 4);
        output.WriteLine($"lock call: {ended?.GetType().Name ?? "returned"}; partitions owned by the stopped worker: [{string.Join(", ", first.OwnedPartitions.Order())}]");
        Assert.Null(ended);
        Assert.Empty(first.OwnedPartitions);
    }

    /// <summary>The next worker takes every partition well inside a lease's duration: nothing of the stopped one's is left to expire first.</summary>
    private async Task AssertPartitionsFreeAsync(AzureStorageBackendOptions options)
    {
        await using var second = new AzureStorageOrchestrationBackend(options with { WorkerId = "second" }, TimeProvider.System);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var waiting = second.LockNextOrchestrationAsync(cts.Token);
        var clock = Stopwatch.StartNew();

        while (second.OwnedPartitions.Count < options.PartitionCount && clock.Elapsed < options.LeaseDuration / 2)
        {
            await Task.Delay(50);
        }

        output.WriteLine($"the next worker owns [{string.Join(", ", second.OwnedPartitions.Order())}] after {clock.Elapsed.TotalSeconds:F1} s");
        var owned = second.OwnedPartitions.Count;
        await cts.CancelAsync();
        await waiting;

        Assert.Equal(options.PartitionCount, owned);
    }
}
