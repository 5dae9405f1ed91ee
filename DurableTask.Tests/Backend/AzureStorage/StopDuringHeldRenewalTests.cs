using Azure.Storage.Queues;
using DurableTask.Core;
using DurableTask.Core.History;
using EduFlows.DurableTask.Storage;
using EduFlows.DurableTask.Storage.AzureStorage;
using EduFlows.Tests.Infrastructure;

namespace EduFlows.DurableTask.Tests.Backend.AzureStorage;

/// <summary>
/// A stop that comes while a held control message's visibility is being renewed: storage applies the renewal, which
/// gives the message a new receipt, and the stop's hand-back must use that receipt to make the message visible.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class StopDuringHeldRenewalTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StopComesAsStorageAppliedARenewal_TheHandBackStillMakesTheMessageVisible()
    {
        string hub = AzuriteFixture.NewHubName();
        string id = $"{hub}-held";

        // One partition holding one start, renewed once it has been held half its 10 s visibility; the start is not
        // swept up and sent again while the test runs (one queue message).
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with
        {
            PartitionCount = 1, StopTimeout = TimeSpan.FromSeconds(10), StartRecoveryInterval = TimeSpan.FromMinutes(1),
        };
        var worker = new AzureStorageOrchestrationBackend(options, TimeProvider.System);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var now = DateTimeOffset.UtcNow;
        var state = new OrchestrationInstanceState { InstanceId = id, Name = "Wait", ExecutionId = "e1", Status = OrchestrationStatus.Pending, CreatedAt = now, LastUpdatedAt = now };
        var started = new ExecutionStartedEvent(-1, null) { Name = "Wait", OrchestrationInstance = new OrchestrationInstance { InstanceId = id, ExecutionId = "e1" } };
        await worker.CreateInstanceAsync(state, new OrchestrationMessage("start", id, "e1", started), cts.Token);
        await worker.AbandonOrchestrationAsync((await worker.LockNextOrchestrationAsync(cts.Token))!, CancellationToken.None);

        // Storage has applied the renewal when the worker is stopped: a renewal the stop cancels loses its answer (the
        // client throws), one it lets finish records the new receipt. The partition is being handed back by then.
        Task? stopping = null;
        int renewals = 0;
        worker.HeldRenewedHook = async token =>
        {
            if (Interlocked.Increment(ref renewals) != 1)
            {
                return;
            }

            stopping = worker.DisposeAsync().AsTask();
            while (worker.OwnedPartitions.Count > 0)
            {
                await Task.Delay(10, cts.Token);
            }

            var cancelledBy = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2);
            while (!token.IsCancellationRequested && DateTimeOffset.UtcNow < cancelledBy)
            {
                await Task.Delay(10, cts.Token);
            }

            token.ThrowIfCancellationRequested();
        };

        while (stopping is null)
        {
            await Task.Delay(50, cts.Token);
        }

        await stopping.WaitAsync(cts.Token);

        // Visible at once for the next owner, not 10 s after the renewal.
        Assert.Equal(1, renewals);
        var control = new QueueClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-control-00");
        var visible = Assert.Single((await control.PeekMessagesAsync(maxMessages: 32, cancellationToken: cts.Token)).Value);
        Assert.Contains(id, visible.Body.ToString(), StringComparison.Ordinal);
    }
}
