using Azure;
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
/// A partition lease whose renewal fails for a passing reason (network, 5xx, timeout) is still this worker's until it
/// expires: the renewal is tried again at once, and the partition is dropped before the lease can run out, however slow
/// the heartbeat write and the worker query have become; neither they nor one partition's failing renewals keep the
/// other partitions' renewals from coming on time.
/// </summary>
[Collection(AzuriteTests.Name)]
public sealed class LeaseRenewalFailureTests(AzuriteFixture azurite)
{
    private const int Acquired = 2001;
    private const int Released = 2002;
    private const int StorageRetry = 2004;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ThreeRenewalsFail_AndTheTableIsSlow_ThePartitionIsKept_ItsLeaseRenewedBeforeItRunsOut()
    {
        string hub = AzuriteFixture.NewHubName();
        var sink = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(sink));

        // A 15 s lease renewed every second.
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with { PartitionCount = 1 };
        var worker = new AzureStorageOrchestrationBackend(options, TimeProvider.System, loggers);
        using var cts = new CancellationTokenSource(Bound);
        Exception[] failures =
        [
            new RequestFailedException(503, "The server is busy."),
            new RequestFailedException(500, "The server failed."),
            new HttpRequestException("The connection was reset."),
        ];
        var renewals = new RenewalRecord();
        worker.LeaseRenewalFaultInjector = (_, _) =>
        {
            if (!renewals.Failing)
            {
                renewals.WentThrough();
                return Task.CompletedTask;
            }

            int n = renewals.Failed();
            if (n <= failures.Length)
            {
                return Task.FromException(failures[n - 1]);
            }

            renewals.WentThroughAgain();
            return Task.CompletedTask;
        };
        worker.HeartbeatFaultInjector = renewals.SlowTableAsync(options.LeaseDuration);

        using var polling = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        var locking = worker.LockNextOrchestrationAsync(polling.Token);
        try
        {
            await Poll.UntilAsync(() => worker.OwnedPartitions.Count == 1 && renewals.LastWentThrough is not null, cts.Token);
            renewals.StartFailing();
            await Poll.UntilAsync(() => renewals.WentThroughAgainAt is not null, cts.Token);

            // Tried again in place, not after the heartbeat write (as slow as a lease) and a tick: the lease never lapsed.
            var lapse = renewals.WentThroughAgainAt!.Value - renewals.LastWentThrough!.Value;
            Assert.True(lapse < options.LeaseDuration, $"renewed {lapse} after the last renewal before the failures");
            Assert.Equal([0], worker.OwnedPartitions);
            Assert.Single(sink.MessagesOf(Acquired));
            Assert.Empty(sink.MessagesOf(Released));
            Assert.Equal(3, sink.MessagesOf(StorageRetry).Count(m => m.Contains("renewing the lease of partition 0", StringComparison.Ordinal)));
            var lease = new BlobClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-leases", "partition-00");
            Assert.Equal(LeaseState.Leased, (await lease.GetPropertiesAsync(cancellationToken: cts.Token)).Value.LeaseState);

            // A lease on, the table still as slow as a lease: renewed all along, never dropped. Renewed only after the
            // heartbeat write, it found its lease about to run out and was dropped without a try, 16 s after this renewal.
            var again = renewals.WentThroughAgainAt!.Value;
            await Poll.UntilAsync(() => renewals.LatestWentThrough >= again + options.LeaseDuration || sink.MessagesOf(Released).Count > 0, cts.Token);
            Assert.Empty(sink.MessagesOf(Released));
            Assert.Single(sink.MessagesOf(Acquired));
            Assert.Equal([0], worker.OwnedPartitions);
            Assert.True(renewals.LongestGap < options.LeaseDuration - options.LeaseRenewInterval, $"{renewals.LongestGap} between two renewals that went through");
        }
        finally
        {
            await polling.CancelAsync();
            await locking;
            await worker.DisposeAsync();
        }
    }

    [Fact]
    public async Task OnePartitionsRenewalsFail_AndTheTableIsSlow_TheOtherIsRenewedOnTimeAndKept_TheFailingOneDroppedBeforeItsLeaseRunsOut()
    {
        string hub = AzuriteFixture.NewHubName();
        var sink = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(sink));

        // A 15 s lease renewed every second.
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with { PartitionCount = 2 };
        var worker = new AzureStorageOrchestrationBackend(options, TimeProvider.System, loggers);
        using var cts = new CancellationTokenSource(Bound);
        var failing = new RenewalRecord();
        var kept = new RenewalRecord();
        worker.LeaseRenewalFaultInjector = (partition, _) =>
        {
            if (partition == 1)
            {
                kept.WentThrough();
                return Task.CompletedTask;
            }

            if (!failing.Failing)
            {
                failing.WentThrough();
                return Task.CompletedTask;
            }

            failing.Failed();
            return Task.FromException(new RequestFailedException(503, "The server is busy."));
        };
        worker.HeartbeatFaultInjector = failing.SlowTableAsync(options.LeaseDuration);
        var stopped = new List<(int Partition, string Reason, DateTimeOffset At)>();
        worker.PartitionStoppedHook = (partition, reason) =>
        {
            lock (stopped)
            {
                stopped.Add((partition, reason, DateTimeOffset.UtcNow));
            }

            return Task.CompletedTask;
        };
        (int Partition, string Reason, DateTimeOffset At)[] Stopped()
        {
            lock (stopped)
            {
                return [.. stopped];
            }
        }

        using var polling = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        var locking = worker.LockNextOrchestrationAsync(polling.Token);
        try
        {
            await Poll.UntilAsync(() => worker.OwnedPartitions.Count == 2 && failing.LastWentThrough is not null && kept.LastWentThrough is not null, cts.Token);
            var failingFrom = DateTimeOffset.UtcNow;
            failing.StartFailing();

            // Two leases on, the table as slow as a lease all along: partition 1 renewed every round, never dropped. Its
            // renewals waited for partition 0's tries and then the heartbeat write, and it was dropped without a try.
            await Poll.UntilAsync(() => kept.LatestWentThrough >= failingFrom + (options.LeaseDuration * 2) || Stopped().Any(s => s.Partition == 1), cts.Token);
            Assert.DoesNotContain(Stopped(), s => s.Partition == 1);
            Assert.DoesNotContain(sink.MessagesOf(Released), m => m.Contains("partition 1 ", StringComparison.Ordinal));
            Assert.Contains(1, worker.OwnedPartitions);

            // Every round, give or take a loaded machine: far from the 14 s after which it would be dropped.
            Assert.True(kept.LongestGap < options.LeaseRenewInterval * 5, $"{kept.LongestGap} between two renewals of partition 1");
            var lease = new BlobClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-leases", "partition-01");
            Assert.Equal(LeaseState.Leased, (await lease.GetPropertiesAsync(cancellationToken: cts.Token)).Value.LeaseState);

            // Partition 0 was dropped as lost a renewal interval before the lease from its last renewal ran out (less the
            // wait between tries), and not after.
            Assert.Contains(Stopped(), s => s.Partition == 0);
            var lost = Stopped().First(s => s.Partition == 0);
            Assert.Equal("lease lost", lost.Reason);
            var keptFor = lost.At - failing.LastWentThrough!.Value;
            var earliest = options.LeaseDuration - options.LeaseRenewInterval - TimeSpan.FromSeconds(0.5);
            Assert.True(keptFor >= earliest && keptFor < options.LeaseDuration, $"dropped {keptFor} after the last renewal that went through");
        }
        finally
        {
            await polling.CancelAsync();
            await locking;
            await worker.DisposeAsync();
        }
    }

    [Fact]
    public async Task RenewalFailsThenNeverAnswers_AndTheTableIsSlow_ThePartitionIsDroppedARenewIntervalBeforeItsLeaseRunsOut()
    {
        string hub = AzuriteFixture.NewHubName();
        var sink = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(sink));

        // A 15 s lease renewed every second.
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with { PartitionCount = 1 };
        var worker = new AzureStorageOrchestrationBackend(options, TimeProvider.System, loggers);
        using var cts = new CancellationTokenSource(Bound);
        var renewals = new RenewalRecord();
        worker.LeaseRenewalFaultInjector = async (_, token) =>
        {
            if (!renewals.Failing)
            {
                renewals.WentThrough();
                return;
            }

            if (renewals.Failed() == 1)
            {
                throw new RequestFailedException(503, "The server is busy.");
            }

            // Then a request that never answers: only the renewal's own bound ends it.
            await Task.Delay(Timeout.Infinite, token);
        };
        worker.HeartbeatFaultInjector = renewals.SlowTableAsync(options.LeaseDuration);
        // The failures are counted as the drop happens: the partition is taken again soon after, and its new lease's
        // renewals fail too.
        var lost = new TaskCompletionSource<(DateTimeOffset At, int Failures)>(TaskCreationOptions.RunContinuationsAsynchronously);
        worker.PartitionStoppedHook = (_, reason) =>
        {
            if (reason == "lease lost")
            {
                lost.TrySetResult((DateTimeOffset.UtcNow, renewals.Failures));
            }

            return Task.CompletedTask;
        };

        using var polling = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        var locking = worker.LockNextOrchestrationAsync(polling.Token);
        try
        {
            await Poll.UntilAsync(() => worker.OwnedPartitions.Count == 1 && renewals.LastWentThrough is not null, cts.Token);
            renewals.StartFailing();
            var (lostAt, failuresThen) = await lost.Task.WaitAsync(cts.Token);

            // Stopped a renewal interval before the lease from the last renewal that went through runs out (less the
            // wait between tries), and not after: another worker may take the lease from then on.
            var keptFor = lostAt - renewals.LastWentThrough!.Value;
            var earliest = options.LeaseDuration - options.LeaseRenewInterval - TimeSpan.FromSeconds(0.5);
            Assert.True(keptFor >= earliest && keptFor < options.LeaseDuration, $"dropped {keptFor} after the last renewal that went through");
            Assert.Equal(2, failuresThen);
            Assert.Single(sink.MessagesOf(Released), m => m.Contains("partition 0 (lease lost)", StringComparison.Ordinal));
        }
        finally
        {
            await polling.CancelAsync();
            await locking;
            await worker.DisposeAsync();
        }
    }

    [Fact]
    public async Task LeaseLostJustAsTheStopBegins_TheStartHeldInMemoryIsStillSentOnThroughTheControlQueue()
    {
        string hub = AzuriteFixture.NewHubName();
        var sink = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(sink));
        var options = AzureStorageTestOptions.Create(azurite.ConnectionString, hub) with { PartitionCount = 2, StartRecoveryInterval = TimeSpan.FromMinutes(1) };
        var worker = new AzureStorageOrchestrationBackend(options, TimeProvider.System, loggers);
        using var cts = new CancellationTokenSource(Bound);
        using var polling = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        var fetching = worker.LockNextActivityAsync(polling.Token);
        await Poll.UntilAsync(() => worker.OwnedPartitions.Count == 2, cts.Token);

        // Started while the worker owns its partition: the start is held in memory, not in the control queue.
        string id = Enumerable.Range(0, 200).Select(n => $"{hub}-i{n}").First(i => worker.PartitionOf(i) == 0);
        var now = DateTimeOffset.UtcNow;
        var state = new OrchestrationInstanceState { InstanceId = id, Name = "Wait", ExecutionId = "e1", Status = OrchestrationStatus.Pending, CreatedAt = now, LastUpdatedAt = now };
        var started = new ExecutionStartedEvent(-1, null) { Name = "Wait", OrchestrationInstance = new OrchestrationInstance { InstanceId = id, ExecutionId = "e1" } };
        await worker.CreateInstanceAsync(state, new OrchestrationMessage("start", id, "e1", started), cts.Token);
        var control = new QueueClient(azurite.ConnectionString, $"{hub.ToLowerInvariant()}-control-00");
        Assert.Equal(0, (await control.GetPropertiesAsync(cts.Token)).Value.ApproximateMessagesCount);

        // Partition 0's next renewal is refused, and the stop begins as the partition has stopped, before what it held
        // is sent on: the stop has cancelled the lease loop once it hands partition 1 back.
        var stopping = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
        worker.PartitionStoppedHook = async (partition, reason) =>
        {
            if (partition == 0 && reason == "lease lost")
            {
                stopping.SetResult(Task.Run(async () => await worker.DisposeAsync()));
                await Poll.UntilAsync(() => sink.MessagesOf(Released).Any(m => m.Contains("partition 1 (shutdown)", StringComparison.Ordinal)), cts.Token);
            }
        };
        int refused = 0;
        worker.LeaseRenewalFaultInjector = (partition, _) => partition == 0 && Interlocked.Exchange(ref refused, 1) == 0
            ? Task.FromException(new RequestFailedException(409, "There is already a lease present."))
            : Task.CompletedTask;
        await (await stopping.Task.WaitAsync(cts.Token)).WaitAsync(cts.Token);
        await polling.CancelAsync();
        Assert.Null(await fetching);

        // Sent on under the stop's deadline, not the lease loop's token: the next owner runs the instance now, not once
        // the start recovery sweep finds it.
        Assert.Single(sink.MessagesOf(Released), m => m.Contains("partition 0 (lease lost)", StringComparison.Ordinal));
        Assert.Equal(1, (await control.GetPropertiesAsync(cts.Token)).Value.ApproximateMessagesCount);
    }

    /// <summary>What the renewals of one lease did, for the fault injector and the test to share across threads.</summary>
    private sealed class RenewalRecord
    {
        private readonly Lock _gate = new();
        private bool _failing;
        private bool _slowTable;
        private int _failures;
        private DateTimeOffset? _lastWentThrough;
        private DateTimeOffset? _wentThroughAgainAt;
        private DateTimeOffset? _latestWentThrough;
        private TimeSpan _longestGap;

        public bool Failing
        {
            get
            {
                lock (_gate)
                {
                    return _failing;
                }
            }
        }

        public int Failures
        {
            get
            {
                lock (_gate)
                {
                    return _failures;
                }
            }
        }

        /// <summary>When the last renewal before the failures was sent.</summary>
        public DateTimeOffset? LastWentThrough
        {
            get
            {
                lock (_gate)
                {
                    return _lastWentThrough;
                }
            }
        }

        /// <summary>When the first renewal after the failures was sent.</summary>
        public DateTimeOffset? WentThroughAgainAt
        {
            get
            {
                lock (_gate)
                {
                    return _wentThroughAgainAt;
                }
            }
        }

        /// <summary>When the latest renewal that went through was sent, before the failures or after.</summary>
        public DateTimeOffset? LatestWentThrough
        {
            get
            {
                lock (_gate)
                {
                    return _latestWentThrough;
                }
            }
        }

        /// <summary>The longest time between two renewals that went through, failures and all.</summary>
        public TimeSpan LongestGap
        {
            get
            {
                lock (_gate)
                {
                    return _longestGap;
                }
            }
        }

        public void StartFailing()
        {
            lock (_gate)
            {
                _failing = true;
            }
        }

        public void WentThrough()
        {
            lock (_gate)
            {
                _lastWentThrough = DateTimeOffset.UtcNow;
                Latest(_lastWentThrough.Value);
            }
        }

        public void WentThroughAgain()
        {
            lock (_gate)
            {
                var now = DateTimeOffset.UtcNow;
                _wentThroughAgainAt ??= now;
                Latest(now);
            }
        }

        private void Latest(DateTimeOffset at)
        {
            if (_latestWentThrough is { } previous && at - previous > _longestGap)
            {
                _longestGap = at - previous;
            }

            _latestWentThrough = at;
        }

        /// <summary>Counts a failed renewal; from the first on, the table fails too.</summary>
        public int Failed()
        {
            lock (_gate)
            {
                _slowTable = true;
                return ++_failures;
            }
        }

        /// <summary>
        /// A heartbeat hook: once renewals fail, each heartbeat write takes <paramref name="delay"/>, as a failing table's
        /// write does with the storage client's retries.
        /// </summary>
        public Func<CancellationToken, Task> SlowTableAsync(TimeSpan delay) => token =>
        {
            lock (_gate)
            {
                return _slowTable ? Task.Delay(delay, token) : Task.CompletedTask;
            }
        };
    }
}
