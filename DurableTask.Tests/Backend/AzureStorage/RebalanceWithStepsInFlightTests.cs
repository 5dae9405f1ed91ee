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
    private const int DeleteRetried = 2015;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task FourPartitionsHandedBack_EachWithAStepInFlight_TheFourKeptStayLeasedThroughout()
    {
        string hub = AzuriteFixture.NewHubName();
        var sink = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(sink));

        // Each hand-back waits half a renewal interval (3 s) for its step, and all of it at most one interval (6 s), within
        // the 15 s lease the worker keeps. The waits begin together, 3 s before the first gives up: a wide margin on a
        // loaded machine for the order checked below. (The long stop timeout leaves the renewal interval as the bound.)
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with
        {
            PartitionCount = 8, LeaseRenewInterval = TimeSpan.FromSeconds(6), StopTimeout = TimeSpan.FromSeconds(30),
        };
        var worker = new AzureStorageOrchestrationBackend(options, TimeProvider.System, loggers);
        using var cts = new CancellationTokenSource(Bound);
        var steps = await LockOneStepPerPartitionAsync(worker, hub, options.PartitionCount, cts.Token);
        await Poll.UntilAsync(() => worker.OwnedPartitions.Count == 8, cts.Token);

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

        // The hand-back waits up to half a renewal interval (2.5 s) for its step: the stop comes within it. (The start is
        // not swept up and sent again, one queue message, nor renewed while the test runs.)
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with
        {
            PartitionCount = 2, LeaseRenewInterval = TimeSpan.FromSeconds(5), StopTimeout = TimeSpan.FromSeconds(30),
            StartRecoveryInterval = TimeSpan.FromMinutes(1), ControlMessageVisibility = TimeSpan.FromSeconds(60),
        };
        var worker = new AzureStorageOrchestrationBackend(options, TimeProvider.System, loggers);
        using var cts = new CancellationTokenSource(Bound);
        var steps = await LockOneStepPerPartitionAsync(worker, hub, options.PartitionCount, cts.Token);
        await Poll.UntilAsync(() => worker.OwnedPartitions.Count == 2, cts.Token);

        using var heartbeat = new CancellationTokenSource();
        var beating = BeatAsync(hub, "second-worker", heartbeat.Token);
        try
        {
            await Poll.UntilAsync(() => sink.MessagesOf(StopWaits).Any(m => m.Contains("partition 1 ", StringComparison.Ordinal)), cts.Token);

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
        await Poll.UntilAsync(() => worker.OwnedPartitions.Count == 2, cts.Token);

        // Handed back while its step runs on, then taken again once the second worker's heartbeat ages out.
        using (var heartbeat = new CancellationTokenSource())
        {
            var beating = BeatAsync(hub, "second-worker", heartbeat.Token);
            await Poll.UntilAsync(() => sink.Count(StopGaveUp) == 1, cts.Token);
            await heartbeat.CancelAsync();
            await beating;
        }

        await Poll.UntilAsync(() => worker.OwnedPartitions.Count == 2, cts.Token);

        // The step still running was locked under the earlier ownership: this stop has none of its own to wait for.
        await worker.DisposeAsync();
        Assert.Single(sink.MessagesOf(StopWaits), m => m.Contains("partition 1 ", StringComparison.Ordinal));
        Assert.Single(sink.MessagesOf(StopGaveUp));
    }

    [Fact]
    public async Task ReceiptChangedByTheStopAfterTheStepReadIt_TheCommittedStepStillDeletesItsMessage()
    {
        string hub = AzuriteFixture.NewHubName();
        var sink = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(sink));

        // Time enough for the hand-back after the stop's 4 s wait, even on a loaded machine: cut short by the deadline, it
        // left the receipt as it was, and the delete succeeded without the retry this test is about.
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with { PartitionCount = 1, StopTimeout = TimeSpan.FromSeconds(8) };
        var worker = new AzureStorageOrchestrationBackend(options, TimeProvider.System, loggers);
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

        Assert.Equal(1, sink.Count(DeleteRetried));
        Assert.Equal(0, (await control.GetPropertiesAsync(cts.Token)).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task StepDeletingWhileStorageGaveTheHandBackANewReceipt_NotYetRecorded_TheDeleteWaitsForItAndSucceeds()
    {
        string hub = AzuriteFixture.NewHubName();
        var sink = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(sink));
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with { PartitionCount = 1, StopTimeout = TimeSpan.FromSeconds(4) };
        var worker = new AzureStorageOrchestrationBackend(options, TimeProvider.System, loggers);
        using var cts = new CancellationTokenSource(Bound);
        var step = (await LockOneStepPerPartitionAsync(worker, hub, 1, cts.Token))[0];
        var control = new QueueClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-control-00");
        var now = DateTimeOffset.UtcNow;
        var state = new OrchestrationInstanceState { InstanceId = step.InstanceId, Name = "Wait", ExecutionId = "e1", Status = OrchestrationStatus.Running, CreatedAt = now, LastUpdatedAt = now };
        var started = new ExecutionStartedEvent(-1, null) { Name = "Wait", OrchestrationInstance = new OrchestrationInstance { InstanceId = step.InstanceId, ExecutionId = "e1" } };

        // The stop's wait for the step runs out and it hands the message back: storage has given it a new receipt, the
        // backend has not recorded it yet. The step commits right then and deletes with the receipt it holds, the old
        // one, which storage refuses; the hand-back goes on once that delete has been refused (or, refused and given
        // up on, the step has ended).
        Task? completing = null;
        worker.ReceiptUpdatedHook = async _ =>
        {
            var committing = worker.CompleteOrchestrationAsync(step, new OrchestrationStep(state, [started], true, [], []), cts.Token);
            completing = committing;
            while (!committing.IsCompleted && sink.Count(DeleteRetried) == 0)
            {
                await Task.Delay(20, cts.Token);
            }
        };
        await worker.DisposeAsync();
        Assert.NotNull(completing);
        await completing.WaitAsync(cts.Token);

        // Deleted with the new receipt once the hand-back recorded it: not delivered again to the next owner.
        Assert.Equal(1, sink.Count(DeleteRetried));
        Assert.Equal(0, (await control.GetPropertiesAsync(cts.Token)).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task WorkerStoppedAsARebalanceWaitsForAStep_ThePartitionsItKeeps_AreHandedBackWithinTheStopTimeout()
    {
        string hub = AzuriteFixture.NewHubName();
        var sink = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(sink));

        // The rebalance waits up to 2.5 s for partition 1's step; the stop, which comes as it begins, waits up to 5 s
        // for partition 0's. Run one after the other, partition 0's wait began only once partition 1's gave up, and with
        // it the two took most of the stop timeout. (The starts are not swept up and sent again, one queue message each.)
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with
        {
            PartitionCount = 2, LeaseRenewInterval = TimeSpan.FromSeconds(5), StopTimeout = TimeSpan.FromSeconds(10),
            StartRecoveryInterval = TimeSpan.FromMinutes(1), ControlMessageVisibility = TimeSpan.FromSeconds(60),
        };
        var worker = new AzureStorageOrchestrationBackend(options, TimeProvider.System, loggers);
        using var cts = new CancellationTokenSource(Bound);
        await LockOneStepPerPartitionAsync(worker, hub, options.PartitionCount, cts.Token);
        await Poll.UntilAsync(() => worker.OwnedPartitions.Count == 2, cts.Token);

        var took = TimeSpan.Zero;
        using (var heartbeat = new CancellationTokenSource())
        {
            var beating = BeatAsync(hub, "second-worker", heartbeat.Token);
            try
            {
                await Poll.UntilAsync(() => sink.MessagesOf(StopWaits).Any(m => m.Contains("partition 1 ", StringComparison.Ordinal)), cts.Token);
                var stopping = System.Diagnostics.Stopwatch.StartNew();
                await worker.DisposeAsync();
                took = stopping.Elapsed;
            }
            finally
            {
                await heartbeat.CancelAsync();
                await beating;
            }
        }

        // Both partitions waited for their steps, and both were handed back: leases free, held starts visible at once.
        Assert.Contains(sink.MessagesOf(StopWaits), m => m.Contains("partition 0 ", StringComparison.Ordinal));
        for (int partition = 0; partition < 2; partition++)
        {
            var lease = new BlobClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-leases", $"partition-{partition:D2}");
            Assert.Equal(LeaseState.Available, (await lease.GetPropertiesAsync(cancellationToken: cts.Token)).Value.LeaseState);
            var control = new QueueClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-control-{partition:D2}");
            Assert.Single((await control.PeekMessagesAsync(cancellationToken: cts.Token)).Value);
        }

        // Waited for together: the kept partition's wait began before the rebalance's gave up (one after the other, it
        // began only then). A log order, not a time, so a loaded machine cannot blur it.
        var log = sink.Messages(typeof(AzureStorageOrchestrationBackend).FullName!).ToList();
        int keptWaits = log.FindIndex(m => m.Contains("partition 0 waits for", StringComparison.Ordinal));
        int rebalanceGaveUp = log.FindIndex(m => m.Contains("partition 1 hands back its messages with", StringComparison.Ordinal));
        Assert.True(keptWaits >= 0 && rebalanceGaveUp >= 0 && keptWaits < rebalanceGaveUp, string.Join(Environment.NewLine, log));

        // And over before the stop's deadline, not cut short by it: the kept partition's wait (half the stop timeout)
        // and its hand-back, with the other half to spare.
        Assert.True(took < options.StopTimeout, $"the stop took {took}");
    }

    [Fact]
    public async Task WorkerHaltedDuringARebalanceHandBack_TheRestOfItsMessagesStayHidden_AndItsLeaseHeld()
    {
        string hub = AzuriteFixture.NewHubName();
        // The starts are not swept up and sent again while the test runs (each start is one queue message), nor renewed.
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with
        {
            PartitionCount = 2, LeaseRenewInterval = TimeSpan.FromSeconds(5),
            StartRecoveryInterval = TimeSpan.FromMinutes(1), ControlMessageVisibility = TimeSpan.FromSeconds(60),
        };
        var worker = new AzureStorageOrchestrationBackend(options, TimeProvider.System);
        using var cts = new CancellationTokenSource(Bound);

        // Two starts held by partition 1, the one handed back when a second worker comes: no step holds them.
        var ids = Enumerable.Range(0, 100).Select(n => $"{hub}-i{n}").Where(id => worker.PartitionOf(id) == 1).Take(2).ToList();
        foreach (string id in ids)
        {
            var now = DateTimeOffset.UtcNow;
            var state = new OrchestrationInstanceState { InstanceId = id, Name = "Wait", ExecutionId = "e1", Status = OrchestrationStatus.Pending, CreatedAt = now, LastUpdatedAt = now };
            var started = new ExecutionStartedEvent(-1, null) { Name = "Wait", OrchestrationInstance = new OrchestrationInstance { InstanceId = id, ExecutionId = "e1" } };
            await worker.CreateInstanceAsync(state, new OrchestrationMessage("start", id, "e1", started), cts.Token);
        }

        await worker.AbandonOrchestrationAsync((await worker.LockNextOrchestrationAsync(cts.Token))!, CancellationToken.None);
        await Poll.UntilAsync(() => worker.OwnedPartitions.Count == 2, cts.Token);

        // The process dies as the hand-back has made the first start visible.
        Task? halting = null;
        worker.ReceiptUpdatedHook = _ =>
        {
            halting ??= worker.HaltAsync();
            return Task.CompletedTask;
        };
        using (var heartbeat = new CancellationTokenSource())
        {
            var beating = BeatAsync(hub, "second-worker", heartbeat.Token);
            try
            {
                await Poll.UntilAsync(() => halting is not null, cts.Token);
                await halting!.WaitAsync(cts.Token);
            }
            finally
            {
                await heartbeat.CancelAsync();
                await beating;
                await worker.DisposeAsync();
            }
        }

        // A dead process hands back nothing more: the second start returns when its visibility lapses, the partition when
        // its lease expires (or at once to the next process on this machine, through the claim).
        var control = new QueueClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-control-01");
        Assert.Single((await control.PeekMessagesAsync(maxMessages: 32, cancellationToken: cts.Token)).Value);
        Assert.Equal(2, (await control.GetPropertiesAsync(cts.Token)).Value.ApproximateMessagesCount);
        var lease = new BlobClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-leases", "partition-01");
        Assert.Equal(LeaseState.Leased, (await lease.GetPropertiesAsync(cancellationToken: cts.Token)).Value.LeaseState);
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
}
