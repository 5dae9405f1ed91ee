using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;

namespace EduFlows.DurableTask.Storage.AzureStorage;

/// <summary>
/// Owns control-queue partitions through renewable blob leases and shares them out among the hub's live workers:
/// each worker aims for ceil(partitions / live workers); a dead worker's leases expire and are taken over.
/// </summary>
/// <remarks>
/// Leases and heartbeats run on the real clock: they measure liveness of processes, not business time. A worker
/// proposes one lease id for all its partitions; when it takes over the <see cref="LeaseClaim"/> of a dead process on
/// this machine, that process's leases are acquired again at once instead of after they expire.
/// </remarks>
internal sealed class PartitionLeaseManager(
    TaskHubStorage storage,
    AzureStorageBackendOptions options,
    ILogger logger,
    Func<int, Task> onAcquired,
    Func<int, string, CancellationToken, Task<bool>> onReleased) : IDisposable
{
    private const string WorkersPartition = "workers";
    private readonly Dictionary<int, BlobLeaseClient> _owned = [];

    // Until when (real clock) each owned lease is surely ours: from its last acquire or renewal as sent.
    private readonly Dictionary<int, DateTimeOffset> _heldUntil = [];

    // The renewal under way of each partition, with what ends it (guarded by _gate): a round starts none for a partition
    // still trying, and a hand-back ends it, and waits for it, before the lease is released.
    private readonly Dictionary<int, (Task Renewing, CancellationTokenSource End)> _renewals = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();

    // Bounds a partition's hand-back (its wait for steps in flight, its messages made visible, its lease released)
    // apart from the loop: a stop that comes meanwhile cancels the loop, not the hand-back, which then ends by the stop's
    // deadline; a halt (a simulated crash) cancels it at once. onReleased answers whether the lease may be released
    // (not once halted: a dead process releases nothing).
    private readonly CancellationTokenSource _handBack = new();
    private CancellationTokenRegistration _handBackDeadline;

    // Partitions whose hand-back left the lease held, with until when it may stay held (guarded by _gate): the stop keeps
    // the claim so the next process takes them at once. One taken again is owned, not left; one run out is left to nobody.
    private readonly Dictionary<int, DateTimeOffset> _leftLeased = [];

    // Set by a halt: a dead process releases nothing, its claim and heartbeat included.
    private volatile bool _halted;
    private volatile bool _disposed;
    private Task? _loop;
    private LeaseClaim? _claim;
    private string _leaseId = Guid.NewGuid().ToString();

    /// <summary>
    /// Test hook: runs before each lease renewal with the partition and the token that bounds the renewal, and may throw to
    /// fail it or wait on the token to stand for a request that never answers.
    /// </summary>
    public Func<int, CancellationToken, Task>? BeforeRenewal { get; init; }

    /// <summary>Test hook: runs before each heartbeat write with the loop's token, and may wait to stand for a slow table.</summary>
    public Func<CancellationToken, Task>? BeforeHeartbeat { get; init; }

    public IReadOnlyCollection<int> OwnedPartitions
    {
        get
        {
            lock (_gate)
            {
                return [.. _owned.Keys];
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ClaimLeaseIdAsync(cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < options.PartitionCount; i++)
        {
            try
            {
                await storage.Leases.GetBlobClient(BlobName(i)).UploadAsync(BinaryData.Empty, overwrite: false, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Exists already (possibly leased by another worker).
            }
        }

        _loop = Task.WhenAll(
            Task.Run(() => LoopAsync(_stop.Token), CancellationToken.None),
            Task.Run(() => RenewLoopAsync(_stop.Token), CancellationToken.None));
    }

    /// <summary>Stops and releases every lease, so other workers take the partitions at once.</summary>
    /// <remarks>
    /// Bounded by <paramref name="cancellationToken"/> and never throws: with storage unreachable the leases expire on
    /// their own, which is all a release would have hastened.
    /// </remarks>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _handBackDeadline = cancellationToken.Register(() => _handBack.Cancel());
        await _stop.CancelAsync().ConfigureAwait(false);

        // Handed back alongside a rebalance's hand-back under way, not after it: waited for first, the rebalance took up
        // to half of the stop's time and these partitions' own wait for their steps the other half, so the deadline came
        // before any of them made its messages visible or released its lease.
        var owned = HandBackAllAsync();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        // Taken by the loop just as the stop began: handed back too.
        bool released = await owned.ConfigureAwait(false) & await HandBackAllAsync().ConfigureAwait(false);
        if (_halted)
        {
            // Halted during the stop: the claim stays for the next process, as after a crash, and so does the heartbeat.
            return;
        }

        // A lease left behind can still be taken over at once by the next process on this machine, through the claim.
        _claim?.Release(released && !AnyLeftLeased());

        try
        {
            await storage.Workers.DeleteEntityAsync(WorkersPartition, options.WorkerId, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Gone already.
        }
#pragma warning disable CA1031 // The heartbeat ages out anyway.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            AzureStorageLog.StopStepFailed(logger, "removing the worker's heartbeat", ex);
        }
    }

    /// <summary>Stops renewing without releasing anything: what a crashed process leaves behind.</summary>
    /// <remarks>May be called again: a halt calls it at once (a rebalance's hand-back under way ends there) and once more after a start under way ended.</remarks>
    public async Task HaltAsync()
    {
        _halted = true;
        if (_disposed)
        {
            // Stopped already (a halt at the end of a stop): nothing runs any more.
            return;
        }

        try
        {
            await _handBack.CancelAsync().ConfigureAwait(false);
            await EndLoopAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // Disposed meanwhile, by the end of a stop.
        }
    }

    private bool AnyLeftLeased()
    {
        var now = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            return _leftLeased.Values.Any(until => until > now);
        }
    }

    private async Task EndLoopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
    }

    /// <summary>Hands back every partition owned now, all together; false when any was not released.</summary>
    private async Task<bool> HandBackAllAsync()
    {
        bool released = true;
        await Task.WhenAll(OwnedPartitions.Select(async partition =>
        {
            try
            {
                await ReleaseAsync(partition, "shutdown", _handBack.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A stop hands back what it can; whatever fails expires on its own.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                released = false;
                AzureStorageLog.StopStepFailed(logger, $"releasing partition {partition}", ex);
            }
        })).ConfigureAwait(false);
        return released;
    }

    public void Dispose()
    {
        _disposed = true;
        _claim?.Dispose();
        _handBackDeadline.Dispose();
        _stop.Dispose();
        _handBack.Dispose();
    }

    private static string BlobName(int partition) => $"partition-{partition:D2}";

    private async Task ClaimLeaseIdAsync(CancellationToken cancellationToken)
    {
        try
        {
            _claim = LeaseClaim.Take(LeaseClaim.DefaultFolder, LeaseClaim.KeyFor(storage.Leases.Uri), options.WorkerId);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            AzureStorageLog.LeaseClaimUnavailable(logger, LeaseClaim.DefaultFolder, ex);
            return;
        }

        _leaseId = _claim.LeaseId;
        if (_claim.TakenOverFrom is not { } previous)
        {
            return;
        }

        AzureStorageLog.LeaseIdTakenOver(logger, options.WorkerId, previous);
        if (previous != options.WorkerId)
        {
            // Its heartbeat would count it as live for a while and halve this worker's share of the partitions.
            try
            {
                await storage.Workers.DeleteEntityAsync(WorkersPartition, previous, ETag.All, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // It stopped cleanly enough to remove it, or never wrote one.
            }
#pragma warning disable CA1031 // Best effort: the heartbeat ages out anyway, and the partitions are shared out again then.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                AzureStorageLog.StorageRetry(logger, "removing a dead worker's heartbeat", ex);
            }
        }
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await BalanceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Storage may be down for a while; keep trying.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                AzureStorageLog.StorageRetry(logger, "lease balancing", ex);
            }

            try
            {
                await Task.Delay(options.LeaseRenewInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task BalanceAsync(CancellationToken cancellationToken)
    {
        if (BeforeHeartbeat is { } slow)
        {
            await slow(cancellationToken).ConfigureAwait(false);
        }

        var now = DateTimeOffset.UtcNow;
        await storage.Workers.UpsertEntityAsync(new TableEntity(WorkersPartition, options.WorkerId) { ["LastSeen"] = now }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        int live = 0;
        var cutoff = now - (options.LeaseRenewInterval * 3);
        await foreach (var worker in storage.Workers.QueryAsync<TableEntity>(w => w.PartitionKey == WorkersPartition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (worker.GetDateTimeOffset("LastSeen") >= cutoff)
            {
                live++;
            }
        }

        int target = (options.PartitionCount + Math.Max(1, live) - 1) / Math.Max(1, live);

        // Handed back together, each waiting a moment for its steps in flight: one after another, eight of them waited
        // longer than the lease the worker keeps, which then expired before its next renewal.
        var extra = OwnedPartitions.OrderDescending().Take(Math.Max(0, OwnedPartitions.Count - target)).ToList();
        if (extra.Count > 0)
        {
            await RebalanceAsync(extra).ConfigureAwait(false);
        }

        // Start from a worker-specific offset so that workers do not all race for partition 0.
        int offset = (int)((uint)options.WorkerId.GetHashCode(StringComparison.Ordinal) % (uint)options.PartitionCount);
        for (int k = 0; k < options.PartitionCount && OwnedPartitions.Count < target; k++)
        {
            int partition = (offset + k) % options.PartitionCount;
            if (OwnedPartitions.Contains(partition))
            {
                continue;
            }

            var lease = storage.Leases.GetBlobClient(BlobName(partition)).GetBlobLeaseClient(_leaseId);
            DateTimeOffset heldUntil;
            try
            {
                // Not once a stop began: it may have handed this partition back just now.
                cancellationToken.ThrowIfCancellationRequested();
                var sentAt = DateTimeOffset.UtcNow;
                await lease.AcquireAsync(options.LeaseDuration, cancellationToken: cancellationToken).ConfigureAwait(false);
                heldUntil = sentAt + options.LeaseDuration;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                continue;
            }

            lock (_gate)
            {
                _owned[partition] = lease;
                _heldUntil[partition] = heldUntil;
                _leftLeased.Remove(partition);
            }

            AzureStorageLog.PartitionAcquired(logger, options.WorkerId, partition);
            await onAcquired(partition).ConfigureAwait(false);
        }
    }

    /// <summary>Renews the owned leases every renewal interval, counted from each round's start, apart from the balancing.</summary>
    /// <remarks>
    /// Run inside the balancing, the next round of renewals came after the slowest partition's tries, the heartbeat write
    /// and the worker query (each with the storage client's retries) and a renewal interval: a partition renewed a round
    /// after a failing one, or every partition behind a heartbeat slower than a renewal interval, found its lease about to
    /// run out and was dropped without being renewed at all. Each partition's renewal runs on its own; a partition still
    /// trying is left to its tries, which its lease bounds. Stopped, it waits for the renewals under way to end.
    /// </remarks>
    private async Task RenewLoopAsync(CancellationToken stoppingToken)
    {
        using var rounds = new PeriodicTimer(options.LeaseRenewInterval);
        try
        {
            do
            {
                RenewOwned(stoppingToken);
            }
            while (await rounds.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }

        Task[] underWay;
        lock (_gate)
        {
            underWay = [.. _renewals.Values.Select(r => r.Renewing)];
        }

        await Task.WhenAll(underWay).ConfigureAwait(false);
    }

    private void RenewOwned(CancellationToken stoppingToken)
    {
        lock (_gate)
        {
            foreach (var (partition, lease) in _owned)
            {
                if (_renewals.ContainsKey(partition))
                {
                    continue;
                }

                var end = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                _renewals[partition] = (Task.Run(() => RenewOnItsOwnAsync(partition, lease, end), CancellationToken.None), end);
            }
        }
    }

    /// <summary>One partition's renewal, tries included; never throws.</summary>
    private async Task RenewOnItsOwnAsync(int partition, BlobLeaseClient lease, CancellationTokenSource end)
    {
        try
        {
            await RenewAsync(partition, lease, end.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (end.IsCancellationRequested)
        {
            // Stopping, or the partition handed back meanwhile.
        }
#pragma warning disable CA1031 // Its lease is tried again next round, or dropped once it could run out.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            AzureStorageLog.StorageRetry(logger, $"stopping partition {partition} whose lease was lost", ex);
        }
        finally
        {
            lock (_gate)
            {
                _renewals.Remove(partition);
            }

            end.Dispose();
        }
    }

    // Through this very acquire: a renewal that outlived a hand-back (and perhaps the partition's acquire again since)
    // neither keeps nor drops what is no longer its lease.
    private bool OwnedThrough(int partition, BlobLeaseClient lease) =>
        _owned.TryGetValue(partition, out var current) && ReferenceEquals(current, lease);

    /// <summary>
    /// Renews one partition's lease; one that fails for a passing reason (network, 5xx, timeout) is tried again here a
    /// moment later, while the lease is surely ours, and the partition is treated as lost once it is not.
    /// </summary>
    /// <remarks>
    /// Bounded by the lease itself, each try and the waits between. Tried again only at the next round, a renewal on a
    /// failing table came after the lease had run out, while the partition still ran beside the worker that took it; and
    /// a renewal that never answered kept the partition for good. A renewal interval before the lease runs out the
    /// partition is dropped, so it has stopped before another worker can take it.
    /// </remarks>
    private async Task RenewAsync(int partition, BlobLeaseClient lease, CancellationToken cancellationToken)
    {
        DateTimeOffset heldUntil;
        lock (_gate)
        {
            // Handed back (by a rebalance or a stop) since the round began.
            if (!OwnedThrough(partition, lease))
            {
                return;
            }

            heldUntil = _heldUntil.GetValueOrDefault(partition);
        }

        var margin = options.LeaseRenewInterval;
        var retryDelay = options.LeaseRenewInterval / 4;
        while (true)
        {
            var left = heldUntil - margin - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                // Another worker may take it soon: stopped now, before that.
                await DropAsync(partition, lease, "lease lost").ConfigureAwait(false);
                return;
            }

            // Not once handed back or stopping: the release may be under way.
            cancellationToken.ThrowIfCancellationRequested();
            var sentAt = DateTimeOffset.UtcNow;
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(left);
            try
            {
                if (BeforeRenewal is { } fault)
                {
                    await fault(partition, bound.Token).ConfigureAwait(false);
                }

                await lease.RenewAsync(cancellationToken: bound.Token).ConfigureAwait(false);
                lock (_gate)
                {
                    if (OwnedThrough(partition, lease))
                    {
                        _heldUntil[partition] = sentAt + options.LeaseDuration;
                    }
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another worker holds it, or it changed or expired: no longer ours.
                await DropAsync(partition, lease, "lease lost").ConfigureAwait(false);
                return;
            }
#pragma warning disable CA1031 // Any other failure (network, 5xx, timeout, this try's bound) says nothing about the lease.
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                AzureStorageLog.StorageRetry(logger, $"renewing the lease of partition {partition}", ex);
            }

            // A moment, but never past the point where the partition must be dropped.
            var wait = heldUntil - margin - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait < retryDelay ? wait : retryDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Hands back partitions beyond this worker's share, together, all within one renewal interval (their wait for steps
    /// in flight, their messages made visible, their leases released), so the balancing goes on; a stop's deadline or a
    /// halt ends it sooner. One that fails is logged and left to expire: the kept leases are renewed still.
    /// </summary>
    private async Task RebalanceAsync(List<int> extra)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(_handBack.Token);
        bound.CancelAfter(options.LeaseRenewInterval);
        await Task.WhenAll(extra.Select(async partition =>
        {
            try
            {
                await ReleaseAsync(partition, "rebalancing", bound.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Its lease expires on its own; the partitions kept matter more.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                AzureStorageLog.StorageRetry(logger, $"handing back partition {partition}", ex);
            }
        })).ConfigureAwait(false);
    }

    /// <summary>Hands the partition back and releases its lease, bounded by <paramref name="cancellationToken"/> rather than the loop.</summary>
    /// <remarks>
    /// A rebalancing hand-back under way when the worker stops goes on until the stop's deadline. Cancelled with the
    /// loop, it made nothing visible and threw on the release, leaving the partition out of the owned ones yet leased:
    /// the stop did not release it and the next owner waited for it to expire. The partition leaves the owned ones at
    /// once, so a stop and a rebalance never both hand it back.
    /// </remarks>
    private async Task ReleaseAsync(int partition, string reason, CancellationToken cancellationToken)
    {
        BlobLeaseClient? lease;
        DateTimeOffset heldUntil;
        (Task Renewing, CancellationTokenSource End)? renewal;
        lock (_gate)
        {
            if (!_owned.Remove(partition, out lease))
            {
                return;
            }

            heldUntil = _heldUntil.GetValueOrDefault(partition);
            _heldUntil.Remove(partition);
            renewal = _renewals.TryGetValue(partition, out var underWay) ? underWay : null;
        }

        AzureStorageLog.PartitionReleased(logger, options.WorkerId, partition, reason);
        try
        {
            if (renewal is (var renewing, var end))
            {
                // Ended, and waited for, first: answered after the release, a renewal would lease the blob again for
                // nobody, and the next owner would wait for it to run out.
                try
                {
                    await end.CancelAsync().ConfigureAwait(false);
                }
                catch (ObjectDisposedException)
                {
                    // Ended meanwhile on its own.
                }

                await renewing.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            if (!await onReleased(partition, reason, cancellationToken).ConfigureAwait(false))
            {
                // Halted meanwhile: a dead process leaves its lease to expire (or to the next process, through the claim).
                LeftLeased(partition, heldUntil);
                return;
            }

            try
            {
                await lease.ReleaseAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Expired already (perhaps taken by another worker since): not ours to release either way.
            }
        }
        catch (Exception)
        {
            // Out of time, or storage unreachable (a failed request, not only a refusal, leaves the lease held): the
            // stop keeps the claim, so the next process on this machine takes the partition at once.
            LeftLeased(partition, heldUntil);
            throw;
        }
    }

    private void LeftLeased(int partition, DateTimeOffset heldUntil)
    {
        lock (_gate)
        {
            _leftLeased[partition] = heldUntil;
        }
    }

    /// <summary>Stops a partition whose lease is lost, releasing nothing, and settles what it held in memory.</summary>
    /// <remarks>
    /// Bounded by the hand-back's token, not the loop's: a stop that begins meanwhile cancels the loop at once, and the
    /// responses and starts held in memory were then not sent on (a response's call message stayed hidden until its
    /// timeout); the stop's deadline or a halt still ends it.
    /// </remarks>
    private async Task DropAsync(int partition, BlobLeaseClient lease, string reason)
    {
        lock (_gate)
        {
            // Handed back or dropped already: a renewal refused or run out since changes nothing.
            if (!OwnedThrough(partition, lease))
            {
                return;
            }

            _owned.Remove(partition);
            _heldUntil.Remove(partition);
        }

        AzureStorageLog.PartitionReleased(logger, options.WorkerId, partition, reason);
        await onReleased(partition, reason, _handBack.Token).ConfigureAwait(false);
    }
}
