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
/// A worker handing partitions back (another worker came up, or it stops) while steps hold instances of them: the
/// partitions it keeps stay leased, a stop that comes meanwhile still hands back and releases, and a step's message is
/// deleted even when its receipt changed under it.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class RebalanceWithStepsInFlightTests(AzuriteFixture azurite)
{
    private const int Released = 2002;
    private const int StopWaits = 2013;
    private const int StopGaveUp = 2014;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task FourPartitionsHandedBack_EachWithAStepInFlight_TheFourKeptStayLeasedThroughout()
    {
        string hub = AzuriteFixture.NewHubName();
        var sink = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(sink));

        // A long stop timeout: each hand-back may wait 15 s for its step, as long as the 15 s lease the worker keeps.
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with { PartitionCount = 8, StopTimeout = TimeSpan.FromSeconds(30) };
        var worker = new AzureStorageOrchestrationBackend(options, TimeProvider.System, loggers);
        using var cts = new CancellationTokenSource(Bound);
        var steps = await LockOneStepPerPartitionAsync(worker, hub, options.PartitionCount, cts.Token);
        await WaitUntilAsync(() => worker.OwnedPartitions.Count == 8, cts.Token);

        // A second worker's heartbeat: the worker's share falls to four, and it hands back partitions 4 to 7.
        using var heartbeat = new CancellationTokenSource();
        var beating = BeatAsync(hub, "second-worker", heartbeat.Token);
        try
        {
            var kept = Enumerable.Range(0, 4).Select(p => new BlobClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-leases", $"partition-{p:D2}")).ToList();
            while (sink.Count(StopGaveUp) < 4)
            {
                foreach (var lease in kept)
                {
                    var properties = (await lease.GetPropertiesAsync(cancellationToken: cts.Token)).Value;
                    Assert.True(properties.LeaseState == LeaseState.Leased, $"{lease.Name} is {properties.LeaseState} while partitions were handed back");
                }

                await Task.Delay(250, cts.Token);
            }

            // Waited for together, not one after another: all four waits began before the first ran out.
            var log = sink.Messages(typeof(AzureStorageOrchestrationBackend).FullName!).ToList();
            int firstGaveUp = log.FindIndex(m => m.Contains("still running", StringComparison.Ordinal));
            Assert.Equal(4, log.Take(firstGaveUp).Count(m => m.Contains("waits for 1 step(s)", StringComparison.Ordinal)));
            Assert.Equal([0, 1, 2, 3], worker.OwnedPartitions.Order());
            Assert.DoesNotContain(sink.MessagesOf(Released), m => m.Contains("lease lost", StringComparison.Ordinal));
            Assert.Equal(["4", "5", "6", "7"], sink.MessagesOf(Released).Select(m => m.Split("partition ")[1].Split(' ')[0]).Order());
        }
        finally
        {
            await heartbeat.CancelAsync();
            await beating;
            foreach (var step in steps)
            {
                await worker.AbandonOrchestrationAsync(step, CancellationToken.None);
            }

            await worker.DisposeAsync();
        }
    }

    [Fact]
    public async Task WorkerStoppedWhileAHandBackWaitsForItsStep_TheHandedBackPartitionIsReleased_AndItsMessageVisible()
    {
        string hub = AzuriteFixture.NewHubName();
        var sink = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(sink));

        // The hand-back waits up to one renewal interval (5 s) for its step: the stop comes within it.
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with { PartitionCount = 2, LeaseRenewInterval = TimeSpan.FromSeconds(5), StopTimeout = TimeSpan.FromSeconds(30) };
        var worker = new AzureStorageOrchestrationBackend(options, TimeProvider.System, loggers);
        using var cts = new CancellationTokenSource(Bound);
        var steps = await LockOneStepPerPartitionAsync(worker, hub, options.PartitionCount, cts.Token);
        await WaitUntilAsync(() => worker.OwnedPartitions.Count == 2, cts.Token);

        using var heartbeat = new CancellationTokenSource();
        var beating = BeatAsync(hub, "second-worker", heartbeat.Token);
        try
        {
            await WaitUntilAsync(() => sink.MessagesOf(StopWaits).Any(m => m.Contains("partition 1 ", StringComparison.Ordinal)), cts.Token);

            // Partition 0 keeps its step too; let it go so that only the hand-back under way waits.
            await worker.AbandonOrchestrationAsync(steps[0], CancellationToken.None);
            await worker.DisposeAsync();
        }
        finally
        {
            await heartbeat.CancelAsync();
            await beating;
        }

        // Released at once for the next owner, with its held start visible now rather than after its timeout.
        var lease = new BlobClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-leases", "partition-01");
        Assert.Equal(LeaseState.Available, (await lease.GetPropertiesAsync(cancellationToken: cts.Token)).Value.LeaseState);
        var control = new QueueClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-control-01");
        Assert.Single((await control.PeekMessagesAsync(cancellationToken: cts.Token)).Value);
    }

    [Fact]
    public async Task StepOutlivingAHandBack_PartitionTakenAgain_TheNextStopDoesNotWaitForIt()
    {
        string hub = AzuriteFixture.NewHubName();
        var sink = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(sink));
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with { PartitionCount = 2, StopTimeout = TimeSpan.FromSeconds(30) };
        var worker = new AzureStorageOrchestrationBackend(options, TimeProvider.System, loggers);
        using var cts = new CancellationTokenSource(Bound);
        var steps = await LockOneStepPerPartitionAsync(worker, hub, options.PartitionCount, cts.Token);
        await worker.AbandonOrchestrationAsync(steps[0], CancellationToken.None);
        await WaitUntilAsync(() => worker.OwnedPartitions.Count == 2, cts.Token);

        // Handed back while its step runs on, then taken again once the second worker's heartbeat ages out.
        using (var heartbeat = new CancellationTokenSource())
        {
            var beating = BeatAsync(hub, "second-worker", heartbeat.Token);
            await WaitUntilAsync(() => sink.Count(StopGaveUp) == 1, cts.Token);
            await heartbeat.CancelAsync();
            await beating;
        }

        await WaitUntilAsync(() => worker.OwnedPartitions.Count == 2, cts.Token);

        // The step still running was locked under the earlier ownership: this stop has none of its own to wait for.
        await worker.DisposeAsync();
        Assert.Single(sink.MessagesOf(StopWaits), m => m.Contains("partition 1 ", StringComparison.Ordinal));
        Assert.Single(sink.MessagesOf(StopGaveUp));
    }

    [Fact]
    public async Task ReceiptChangedByTheStopAfterTheStepReadIt_TheCommittedStepStillDeletesItsMessage()
    {
        string hub = AzuriteFixture.NewHubName();
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with { PartitionCount = 1, StopTimeout = TimeSpan.FromSeconds(1) };
        var worker = new AzureStorageOrchestrationBackend(options, TimeProvider.System);
        using var cts = new CancellationTokenSource(Bound);
        var step = (await LockOneStepPerPartitionAsync(worker, hub, 1, cts.Token))[0];
        var control = new QueueClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-control-00");

        // The step has read its receipt and is about to delete with it when the stop hands the message back (the stop's
        // wait for the step runs out first), which gives the message a new receipt.
        worker.ReceiptReadHook = () => worker.DisposeAsync().AsTask();
        var now = DateTimeOffset.UtcNow;
        var state = new OrchestrationInstanceState { InstanceId = step.InstanceId, Name = "Wait", ExecutionId = "e1", Status = OrchestrationStatus.Running, CreatedAt = now, LastUpdatedAt = now };
        var started = new ExecutionStartedEvent(-1, null) { Name = "Wait", OrchestrationInstance = new OrchestrationInstance { InstanceId = step.InstanceId, ExecutionId = "e1" } };
        await worker.CompleteOrchestrationAsync(step, new OrchestrationStep(state, [started], true, [], []), cts.Token);

        Assert.Equal(0, (await control.GetPropertiesAsync(cts.Token)).Value.ApproximateMessagesCount);
    }

    /// <summary>
    /// Creates an instance in each partition before the worker owns any (so the starts go through the control queues)
    /// and locks a step for each; the steps are returned in partition order.
    /// </summary>
    private static async Task<List<OrchestrationWorkItem>> LockOneStepPerPartitionAsync(AzureStorageOrchestrationBackend worker, string hub, int partitions, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<int, string>();
        for (int n = 0; ids.Count < partitions; n++)
        {
            ids.TryAdd(worker.PartitionOf($"{hub}-i{n}"), $"{hub}-i{n}");
        }

        foreach (string id in ids.Values)
        {
            var now = DateTimeOffset.UtcNow;
            var state = new OrchestrationInstanceState { InstanceId = id, Name = "Wait", ExecutionId = "e1", Status = OrchestrationStatus.Pending, CreatedAt = now, LastUpdatedAt = now };
            var started = new ExecutionStartedEvent(-1, null) { Name = "Wait", OrchestrationInstance = new OrchestrationInstance { InstanceId = id, ExecutionId = "e1" } };
            await worker.CreateInstanceAsync(state, new OrchestrationMessage("start", id, "e1", started), cancellationToken);
        }

        var steps = new List<OrchestrationWorkItem>();
        while (steps.Count < partitions)
        {
            steps.Add((await worker.LockNextOrchestrationAsync(cancellationToken))!);
        }

        return [.. steps.OrderBy(s => worker.PartitionOf(s.InstanceId))];
    }

    /// <summary>Keeps a heartbeat row fresh for a worker that takes no partitions itself.</summary>
    private async Task BeatAsync(string hub, string workerId, CancellationToken cancellationToken)
    {
        var workers = new TableClient(azurite.ConnectionString, $"{hub}Workers");
        while (!cancellationToken.IsCancellationRequested)
        {
            await workers.UpsertEntityAsync(new TableEntity("workers", workerId) { ["LastSeen"] = DateTimeOffset.UtcNow }, TableUpdateMode.Replace, CancellationToken.None);
            try
            {
                await Task.Delay(250, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await workers.DeleteEntityAsync("workers", workerId, cancellationToken: CancellationToken.None);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(50, cancellationToken);
        }
    }
}
