using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Queues.Models;

namespace EduFlows.DurableTask.Storage.AzureStorage;

/// <summary>The orchestration side: owned partitions, their polling loops, instance locking and commits.</summary>
public sealed partial class AzureStorageOrchestrationBackend
{
    private const int MaxReceiveBatch = 32;
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan CoalesceDelay = TimeSpan.FromMilliseconds(15);
    private static readonly TimeSpan ErrorBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxTimerWait = TimeSpan.FromDays(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, InstanceSlot> _slots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, ControlPartition> _partitions = new();

    // Partitions being stopped whose steps in flight are waited for (guarded by _gate): told when the last one ends.
    private readonly Dictionary<int, (ControlPartition Partition, TaskCompletionSource Ended)> _partitionsStopping = [];
    private readonly StartSweepSchedule _startSweep = new();
    private readonly ConcurrentDictionary<string, (OrchestrationInstanceState State, long Version)> _projectionBehind = new(StringComparer.Ordinal);
    private long _stepCount;
    private long _stepMessageCount;

    /// <summary>Steps committed or released so far, for benchmarks: how many episodes a workload took.</summary>
    internal long StepCount => Interlocked.Read(ref _stepCount);

    /// <summary>Messages those steps consumed, for benchmarks: how many completions one episode applied on average.</summary>
    internal long StepMessageCount => Interlocked.Read(ref _stepMessageCount);

    /// <inheritdoc/>
    public async Task<OrchestrationWorkItem?> LockNextOrchestrationAsync(CancellationToken cancellationToken)
    {
        if (!await EnsureStartedAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        while (true)
        {
            InstanceSlot slot;
            try
            {
                slot = await _ready.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }

            List<Received> messages;
            lock (_gate)
            {
                slot.Queued = false;
                if (slot.Locked || slot.Pending.Count == 0 || !_partitions.TryGetValue(slot.Partition, out var owner))
                {
                    continue;
                }

                slot.Locked = true;
                slot.LockedUnder = owner;
                messages = slot.Pending;
                slot.Pending = [];
            }

            try
            {
                if (slot.Record is null)
                {
                    Interlocked.Increment(ref _instanceLoads);
                    var record = await _history.LoadAsync(slot.InstanceId, linked.Token).ConfigureAwait(false);
                    await ResendOutboxAsync(record, linked.Token).ConfigureAwait(false);
                    slot.Record = record;
                }
            }
#pragma warning disable CA1031 // Storage unreachable: keep the messages and try again shortly.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                AzureStorageLog.StorageRetry(_logger, "loading an instance", ex);
                Requeue(slot, messages, delay: true);
                continue;
            }

            var record1 = slot.Record;
            return new OrchestrationWorkItem(slot.InstanceId, record1.State, record1.History, [.. messages.SelectMany(m => m.Messages)])
            {
                BackendState = new LockedStep(slot, messages),
            };
        }
    }

    /// <inheritdoc/>
    public async Task CompleteOrchestrationAsync(OrchestrationWorkItem workItem, OrchestrationStep result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(result);
        ObjectDisposedException.ThrowIf(_halted, this);
        var (slot, received) = (LockedStep)workItem.BackendState!;
        Interlocked.Increment(ref _stepCount);
        Interlocked.Add(ref _stepMessageCount, received.Count);
        var record = slot.Record!;
        if (result.State is null)
        {
            // Nothing to commit; a rejected sub-orchestration start still answers its parent.
            foreach (var message in result.OrchestrationMessages)
            {
                await SendMessageAsync(message, cancellationToken).ConfigureAwait(false);
            }

            await DeleteReceivedAsync(slot.Partition, received).ConfigureAwait(false);
            Release(slot);
            return;
        }

        var previous = record.State;
        long version = record.Version + 1;
        string nonce = Guid.NewGuid().ToString("N");
        var outbox = await BuildOutboxAsync(record.InstanceId, version, nonce, result, cancellationToken).ConfigureAwait(false);
        if (CommitFaultInjector is { } beforeCommit)
        {
            await beforeCommit(record.InstanceId, result).ConfigureAwait(false);
        }

        try
        {
            record.ETag = await _history.CommitAsync(record, result, version, nonce, outbox, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            // Someone else moved the instance on (a new start, a purge, another worker): reload and apply the messages again.
            AzureStorageLog.CommitConflict(_logger, record.InstanceId);
            slot.Record = null;
            Requeue(slot, received, delay: false);
            return;
        }

        var stale = new List<string>(record.StaleRowKeys);
        if (result.ReplacesHistory)
        {
            if (previous is not null)
            {
                stale.AddRange(Enumerable.Range(0, record.HistoryCount).Select(i => HistoryTable.HistoryRowKey(previous.ExecutionId, i)));
            }

            record.History = [.. result.NewEvents];
        }
        else
        {
            record.History.AddRange(result.NewEvents);
        }

        record.StaleRowKeys.Clear();
        if (stale.Count > 0)
        {
            // The previous execution's rows are no longer pointed to: clear them out, best effort.
            try
            {
                await _history.DeleteRowsAsync(record.InstanceId, stale, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex)
            {
                AzureStorageLog.StorageRetry(_logger, "deleting an earlier execution's history", ex);
            }
        }

        record.State = result.State;
        record.StartMessage = result.State.Status == global::DurableTask.Core.OrchestrationStatus.Pending ? record.StartMessage : null;
        record.Version = version;
        record.OutboxNonce = nonce;
        record.Outbox.Clear();

        try
        {
            if (FaultInjector is { } fault)
            {
                await fault("after-commit").ConfigureAwait(false);
            }

            // A halted (simulated dead) process sends nothing more.
            ObjectDisposedException.ThrowIf(_halted, this);

            await SendOutboxAsync(record.InstanceId, outbox, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The step is committed; its outbox stays and is re-sent by recovery.
        catch (Exception ex) when (!_halted)
#pragma warning restore CA1031
        {
            AzureStorageLog.OutboxSendFailed(_logger, record.InstanceId, ex);
            slot.Record = null;
            slot.NeedsRecovery = true;
            WakePartition(slot.Partition);
        }

        if (previous is null || previous.Status != result.State.Status || previous.CustomStatus != result.State.CustomStatus || result.ReplacesHistory
            || _projectionBehind.ContainsKey(record.InstanceId))
        {
            await ProjectAsync(result.State, version, cancellationToken).ConfigureAwait(false);
        }

        await DeleteReceivedAsync(slot.Partition, received).ConfigureAwait(false);
        Release(slot);
    }

    /// <inheritdoc/>
    public Task AbandonOrchestrationAsync(OrchestrationWorkItem workItem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        var (slot, received) = (LockedStep)workItem.BackendState!;
        slot.Record = null;
        Requeue(slot, received, delay: false);
        return Task.CompletedTask;
    }

    private async Task<List<OutboxRow>> BuildOutboxAsync(string instanceId, long version, string nonce, OrchestrationStep step, CancellationToken cancellationToken)
    {
        var rows = new List<OutboxRow>(step.ActivityRequests.Count + step.OrchestrationMessages.Count);
        foreach (var request in step.ActivityRequests)
        {
            string body = (await _payloads.PackAsync(StorageJson.Serialize(request), instanceId, cancellationToken).ConfigureAwait(false))!;
            rows.Add(new OutboxRow($"{HistoryTable.OutboxPrefix}{version:D12}-{rows.Count:D6}", version, nonce, request.Id, "activity", request.InstanceId, body, null));
        }

        foreach (var message in step.OrchestrationMessages)
        {
            string body = (await _payloads.PackAsync(StorageJson.Serialize(message), instanceId, cancellationToken).ConfigureAwait(false))!;
            rows.Add(new OutboxRow($"{HistoryTable.OutboxPrefix}{version:D12}-{rows.Count:D6}", version, nonce, message.Id, "orchestration", message.InstanceId, body, message.VisibleAt));
        }

        return rows;
    }

    private async Task SendOutboxAsync(string instanceId, List<OutboxRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var sent = new System.Collections.Concurrent.ConcurrentBag<string>();
        try
        {
            await Task.WhenAll(GroupCalls(rows).Select(async group =>
            {
                await SendRowsAsync(group, cancellationToken).ConfigureAwait(false);
                foreach (var row in group)
                {
                    sent.Add(row.RowKey);
                }
            })).ConfigureAwait(false);
        }
        catch (Exception) when (!sent.IsEmpty && !_halted)
        {
            // Some went out: take those off the outbox first, so recovery re-sends only the rest. Re-sending an activity
            // call that went out already would run it twice.
            await _history.DeleteOutboxAsync(instanceId, sent, cancellationToken).ConfigureAwait(false);
            throw;
        }

        await _history.DeleteOutboxAsync(instanceId, rows.Select(r => r.RowKey), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Activity calls go several to a work-item message (a fan-out of a thousand is some sixty puts, receives and
    /// deletes instead of a thousand each); calls kept in blobs, and messages to orchestrations, go one by one.
    /// </summary>
    private IEnumerable<List<OutboxRow>> GroupCalls(List<OutboxRow> rows)
    {
        int maxBytes = Math.Max(1024, _options.BlobThresholdBytes - 1024);
        var group = new List<OutboxRow>();
        int bytes = 0;
        foreach (var row in rows)
        {
            if (row.Kind != "activity" || row.Body is null || PayloadStore.IsReference(row.Body))
            {
                yield return [row];
                continue;
            }

            int size = System.Text.Encoding.UTF8.GetByteCount(row.Body) + 1;
            if (group.Count > 0 && (group.Count >= MaxCallsPerMessage || bytes + size > maxBytes))
            {
                yield return group;
                group = [];
                bytes = 0;
            }

            group.Add(row);
            bytes += size;
        }

        if (group.Count > 0)
        {
            yield return group;
        }
    }

    private async Task SendRowsAsync(List<OutboxRow> group, CancellationToken cancellationToken)
    {
        if (group.Count == 1)
        {
            await SendRowAsync(group[0], cancellationToken).ConfigureAwait(false);
            return;
        }

        await SendCallsAsync("[" + string.Join(",", group.Select(r => r.Body)) + "]", group, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendRowAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        if (row.Kind == "activity")
        {
            await SendCallsAsync(row.Body, PayloadStore.IsReference(row.Body) ? [] : [row], cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await RouteAsync(row.Target, row.MessageId, row.Body, row.VisibleAt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends what the latest commit left in the outbox and clears out leftovers of failed attempts.</summary>
    private async Task ResendOutboxAsync(InstanceRecord record, CancellationToken cancellationToken)
    {
        if (record.Outbox.Count == 0)
        {
            return;
        }

        var sendable = record.Outbox.Where(record.IsSendable).ToList();
        await SendOutboxAsync(record.InstanceId, sendable, cancellationToken).ConfigureAwait(false);
        var leftovers = record.Outbox.Where(r => !record.IsSendable(r)).Select(r => r.RowKey).ToList();
        if (leftovers.Count > 0)
        {
            await _history.DeleteOutboxAsync(record.InstanceId, leftovers, cancellationToken).ConfigureAwait(false);
        }

        record.Outbox.Clear();
        AzureStorageLog.OutboxRecovered(_logger, record.InstanceId, sendable.Count);
    }

    private async Task DeleteReceivedAsync(int partition, List<Received> received)
    {
        var queue = _storage.ControlQueues[partition];
        await Task.WhenAll(received.Select(async r =>
        {
            try
            {
                if (r.IsLocal)
                {
                    await r.SettleAsync(committed: true, CancellationToken.None).ConfigureAwait(false);
                }
                else if (r.QueueMessageId is not null)
                {
                    await DeleteQueueMessageAsync(queue, r).ConfigureAwait(false);
                }
                else if (r.TimerRowKey is not null)
                {
                    await _timers.DeleteAsync(partition, r.TimerRowKey, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 400)
            {
                // Already gone, or the receipt went stale: a redelivery is recognised as a duplicate.
            }
        })).ConfigureAwait(false);

        lock (_gate)
        {
            // A partition being stopped still forgets them, so its hand-back skips what was deleted.
            var owner = _partitions.TryGetValue(partition, out var owned) ? owned
                : _partitionsStopping.TryGetValue(partition, out var stopping) ? stopping.Partition
                : null;
            foreach (var r in received)
            {
                owner?.Forget(r);
            }
        }
    }

    /// <summary>
    /// Deletes with the latest receipt, read under the lock that a stop's hand-back or a renewal changes it under. A
    /// delete that raced such a change carried the old receipt, failed, and the committed step's message was delivered
    /// again: so once more with the new receipt when it changed meanwhile. Storage gives the new receipt before the
    /// backend learns it, so a delete refused while a change is under way waits for that change to be recorded first.
    /// </summary>
    private async Task DeleteQueueMessageAsync(Azure.Storage.Queues.QueueClient queue, Received r)
    {
        string? receipt;
        lock (_gate)
        {
            receipt = r.PopReceipt;
        }

        if (ReceiptReadHook is { } hook)
        {
            await hook().ConfigureAwait(false);
        }

        try
        {
            await queue.DeleteMessageAsync(r.QueueMessageId, receipt).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 400)
        {
            Task? changing;
            string? latest;
            lock (_gate)
            {
                changing = r.ReceiptChanging;
                latest = r.PopReceipt;
            }

            if (changing is null && latest == receipt)
            {
                throw;
            }

            AzureStorageLog.DeleteRetried(_logger, r.InstanceId);
            if (changing is not null)
            {
                // Never faults: whatever the update met, it is over when this completes.
                await changing.ConfigureAwait(false);
                lock (_gate)
                {
                    latest = r.PopReceipt;
                }

                if (latest == receipt)
                {
                    throw;
                }
            }

            await queue.DeleteMessageAsync(r.QueueMessageId, latest).ConfigureAwait(false);
        }
    }

    private void Requeue(InstanceSlot slot, List<Received> messages, bool delay)
    {
        lock (_gate)
        {
            slot.Pending = [.. messages, .. slot.Pending];
            slot.Locked = false;
            NoteUnlocked(slot);
            if (!delay)
            {
                Signal(slot);
            }
        }

        if (delay)
        {
            _ = Task.Delay(ErrorBackoff, CancellationToken.None).ContinueWith(_ => { lock (_gate) { Signal(slot); } }, TaskScheduler.Default);
        }
    }

    private void Release(InstanceSlot slot)
    {
        lock (_gate)
        {
            slot.Locked = false;

            // Whether the partition is still owned or not: a LockedUnder left behind made a later row repair of the
            // instance (which locks without a step) count as a step in flight, and a stop wait for it.
            NoteUnlocked(slot);
            if (!_partitions.ContainsKey(slot.Partition))
            {
                _slots.Remove(slot.InstanceId);
                return;
            }

            Signal(slot);
        }
    }

    /// <summary>Tells a stop waiting for the partition's steps that the last of them ended (called under the lock).</summary>
    private void NoteUnlocked(InstanceSlot slot)
    {
        var under = slot.LockedUnder;
        slot.LockedUnder = null;
        if (_partitionsStopping.TryGetValue(slot.Partition, out var stopping) && ReferenceEquals(under, stopping.Partition) && LockedIn(stopping.Partition) == 0)
        {
            stopping.Ended.TrySetResult();
        }
    }

    /// <summary>
    /// Steps locked while <paramref name="partition"/> was owned. Not one that outlived an earlier ownership's stop:
    /// counted, it made every later stop of the partition wait its whole cap for a step it had never run.
    /// </summary>
    private int LockedIn(ControlPartition partition) => _slots.Values.Count(s => s.Locked && ReferenceEquals(s.LockedUnder, partition));

    private void Signal(InstanceSlot slot)
    {
        if (!slot.Locked && !slot.Queued && slot.Pending.Count > 0)
        {
            slot.Queued = true;
            _ready.Writer.TryWrite(slot);
        }
    }

    private void ForgetCachedRecord(string instanceId)
    {
        lock (_gate)
        {
            if (_slots.TryGetValue(instanceId, out var slot) && !slot.Locked)
            {
                slot.Record = null;
            }
        }
    }

    private void Deliver(ControlPartition partition, Received received)
    {
        lock (_gate)
        {
            if (!_slots.TryGetValue(received.InstanceId, out var slot))
            {
                _slots[received.InstanceId] = slot = new InstanceSlot(received.InstanceId, partition.Index);
            }

            slot.Pending.Add(received);
            partition.Hold(received);
            Signal(slot);
        }
    }

    private void WakePartition(int partition)
    {
        if (_partitions.TryGetValue(partition, out var owner))
        {
            owner.Wake();
        }
    }

    private void NotifyTimer(int partition, DateTimeOffset due)
    {
        if (_partitions.TryGetValue(partition, out var owner))
        {
            owner.ExpectTimer(due);
        }
    }

    private Task StartPartitionAsync(int index)
    {
        var partition = new ControlPartition(index, _time, MaxTimerWait);
        _partitions[index] = partition;
        partition.Loop = Task.Run(() => RunPartitionAsync(partition), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops the partition and hands back what it holds; false once halted, when its lease must stay held too.</summary>
    private async Task<bool> StopPartitionAsync(int index, string reason, CancellationToken cancellationToken)
    {
        if (!_partitions.TryRemove(index, out var partition))
        {
            return !_halted;
        }

        // A lost lease hands nothing back: a renewal under way need not be waited for.
        await partition.StopAsync(reason == "lease lost" ? new CancellationToken(canceled: true) : cancellationToken).ConfigureAwait(false);
        bool handBack = reason != "lease lost" && !_stopping.IsCancellationRequested && !_halted;
        if (handBack)
        {
            // A rebalance's whole hand-back takes no longer than a lease renewal interval, so the worker waiting for the
            // partition gets it within one and the balancing round goes on: half of it for the wait, the rest for the
            // messages and the lease. (The leases kept are renewed on a loop of their own.)
            var cap = reason == "rebalancing" && _options.LeaseRenewInterval / 2 < _options.StopTimeout / 2 ? _options.LeaseRenewInterval / 2 : _options.StopTimeout / 2;
            await StepsEndedAsync(partition, cap, cancellationToken).ConfigureAwait(false);

            // A halt (a simulated crash) or the end of the stop may have come during the wait: a dead process hands back nothing.
            handBack = !_stopping.IsCancellationRequested && !_halted;
        }

        List<Received> held;
        lock (_gate)
        {
            held = partition.TakeHeld();
            foreach (var slot in _slots.Values.Where(s => s.Partition == index && !s.Locked).ToList())
            {
                _slots.Remove(slot.InstanceId);
            }
        }

        if (PartitionStoppedHook is { } stopped)
        {
            await stopped(index, reason).ConfigureAwait(false);
        }

        if (!_halted)
        {
            // Messages held in memory only go back to what keeps them durable, so the next owner gets them.
            await Task.WhenAll(held.Where(r => r.IsLocal).Select(r => r.SettleAsync(committed: false, cancellationToken))).ConfigureAwait(false);
        }

        if (handBack)
        {
            await MakeVisibleAsync(index, held, cancellationToken).ConfigureAwait(false);
        }

        return !_halted;
    }

    /// <summary>
    /// Waits for the steps holding the stopped partition's instances to end, at most half the stop timeout (the rest is
    /// for handing back). A step that commits meanwhile deletes its messages; handed back instead, a committed step's
    /// message was delivered again on every stop, and a healthy instance collected deliveries until it was set aside
    /// as poison.
    /// </summary>
    private async Task StepsEndedAsync(ControlPartition partition, TimeSpan cap, CancellationToken cancellationToken)
    {
        int inFlight;
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            inFlight = LockedIn(partition);
            if (inFlight == 0)
            {
                return;
            }

            _partitionsStopping[partition.Index] = (partition, ended);
        }

        AzureStorageLog.StopWaitsForSteps(_logger, partition.Index, inFlight);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(cap);
        try
        {
            await ended.Task.WaitAsync(bound.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            int left;
            lock (_gate)
            {
                left = LockedIn(partition);
            }

            AzureStorageLog.StopLeftStepsRunning(_logger, partition.Index, left);
        }
        finally
        {
            lock (_gate)
            {
                _partitionsStopping.Remove(partition.Index);
            }
        }
    }

    /// <summary>
    /// Hands <paramref name="received"/> (held in memory only) to the instance's partition when this worker owns it;
    /// false when it does not, and the caller must send it through the control queue instead.
    /// </summary>
    private bool TryDeliverLocally(Received received)
    {
        lock (_gate)
        {
            if (_halted || !_partitions.TryGetValue(PartitionOf(received.InstanceId), out var owner))
            {
                return false;
            }

            Deliver(owner, received);
            return true;
        }
    }

    private async Task MakeVisibleAsync(int index, List<Received> held, CancellationToken cancellationToken)
    {
        // Hand held messages to the next owner now rather than after their visibility timeout.
        var queue = _storage.ControlQueues[index];
        foreach (var r in held.Where(r => r.QueueMessageId is not null))
        {
            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            string? current;
            lock (_gate)
            {
                // A halt (a simulated crash) may come during a rebalance's hand-back: a dead process hands back nothing more.
                if (_halted)
                {
                    return;
                }

                current = r.PopReceipt;
                r.ReceiptChanging = changed.Task;
            }

            try
            {
                var receipt = await queue.UpdateMessageAsync(r.QueueMessageId, current, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (ReceiptUpdatedHook is { } hook)
                {
                    await hook(cancellationToken).ConfigureAwait(false);
                }

                lock (_gate)
                {
                    // The old receipt no longer works: a step still running commits later and deletes with this one
                    // (unless the next owner has taken the message meanwhile, which then sees a duplicate).
                    r.PopReceipt = receipt.Value.PopReceipt;
                }
            }
            catch (RequestFailedException ex) when (ex.Status is 400 or 404)
            {
                // Deleted meanwhile, or no longer ours: it becomes visible when its timeout passes.
            }
#pragma warning disable CA1031 // Storage unreachable or out of time: the rest become visible when their timeouts pass.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                AzureStorageLog.StopStepFailed(_logger, $"handing back held messages of partition {index}", ex);
                return;
            }
            finally
            {
                ChangedReceipt(r, changed);
            }
        }
    }

    /// <summary>Ends a receipt change begun with <see cref="Received.ReceiptChanging"/>: a delete refused meanwhile reads the receipt now.</summary>
    private void ChangedReceipt(Received r, TaskCompletionSource changed)
    {
        lock (_gate)
        {
            if (ReferenceEquals(r.ReceiptChanging, changed.Task))
            {
                r.ReceiptChanging = null;
            }
        }

        changed.TrySetResult();
    }

    private async Task RunPartitionAsync(ControlPartition partition)
    {
        var token = partition.Token;
        var backoff = MinPollingInterval;
        bool recovered = false;
        while (!token.IsCancellationRequested)
        {
            try
            {
                if (!recovered)
                {
                    await RecoverPartitionOutboxesAsync(partition, token).ConfigureAwait(false);
                    // In the background: the partition's messages need not wait for every unfinished instance's state read.
                    _ = RepairPartitionProjectionsAsync(partition, token);
                    partition.ExpectTimer(await _timers.GetNextDueAsync(partition.Index, DateTimeOffset.MinValue, token).ConfigureAwait(false));
                    recovered = true;
                }

                await RecoverDirtySlotsAsync(partition, token).ConfigureAwait(false);
                await RetryProjectionsAsync(partition, token).ConfigureAwait(false);
                await ResendLostStartsAsync(token).ConfigureAwait(false);
                int received = await ReceiveControlMessagesAsync(partition, token).ConfigureAwait(false);
                bool timers = await ReceiveDueTimersAsync(partition, token).ConfigureAwait(false);
                await RenewHeldAsync(partition, token).ConfigureAwait(false);
                if (received == MaxReceiveBatch)
                {
                    // A full batch: more is waiting.
                    continue;
                }

                // Every receive is a storage request: after a partial batch, let messages gather for a moment;
                // messages this process sends to the partition wake it at once.
                backoff = received > 0 || timers ? MinPollingInterval : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxPollingInterval.Ticks));
                await partition.WaitAsync(backoff).ConfigureAwait(false);
                await Task.Delay(CoalesceDelay, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Storage may be restarting; the loop keeps polling after a pause.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                AzureStorageLog.StorageRetry(_logger, $"polling partition {partition.Index}", ex);
                _storage.Invalidate();
                try
                {
                    await Task.Delay(ErrorBackoff, token).ConfigureAwait(false);
                    await _storage.EnsureCreatedAsync(token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
#pragma warning disable CA1031 // Still down: the next round tries again.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }
    }

    private async Task<int> ReceiveControlMessagesAsync(ControlPartition partition, CancellationToken token)
    {
        var queue = _storage.ControlQueues[partition.Index];
        QueueMessage[] messages = (await queue.ReceiveMessagesAsync(MaxReceiveBatch, _options.ControlMessageVisibility, token).ConfigureAwait(false)).Value;
        Interlocked.Add(ref _queueMessagesReceived, messages.Length);
        foreach (var message in messages)
        {
            lock (_gate)
            {
                if (partition.Refresh(message.MessageId, message.PopReceipt))
                {
                    continue;
                }
            }

            string source = $"control-{partition.Index:D2}";
            string body = message.Body.ToString();
            List<OrchestrationMessage> parsed;
            try
            {
                parsed = ParseControlMessage(await _payloads.UnpackAsync(body, token).ConfigureAwait(false));
            }
#pragma warning disable CA1031 // Whatever makes a message unreadable, it is set aside, never retried forever.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                await SetAsideAsync(queue, source, message, body, ex.Message, token).ConfigureAwait(false);
                continue;
            }

            if (message.DequeueCount > _options.MaxDequeueCount)
            {
                // Its instance is left as it stands, waiting for what the message carried: the log line and the
                // Poison table name it, for an operator to decide (terminate, or restart) rather than the runtime guess.
                await SetAsideAsync(queue, source, message, body, $"delivered {message.DequeueCount} times without completing (instance {parsed[0].InstanceId})", token).ConfigureAwait(false);
                continue;
            }

            Deliver(partition, new Received(parsed) { QueueMessageId = message.MessageId, PopReceipt = message.PopReceipt, ReceivedAt = DateTimeOffset.UtcNow });
        }

        return messages.Length;
    }

    /// <summary>One message, or several for one instance (activity responses sent together, as a JSON array).</summary>
    private static List<OrchestrationMessage> ParseControlMessage(string? json)
    {
        List<OrchestrationMessage?> messages = json is not null && json.TrimStart().StartsWith('[')
            ? StorageJson.Deserialize<List<OrchestrationMessage?>>(json) ?? []
            : [StorageJson.Deserialize<OrchestrationMessage>(json)];
        if (messages.Count == 0 || messages.Any(m => m?.Event is null || string.IsNullOrEmpty(m.InstanceId)))
        {
            throw new FormatException("The message has no instance id or event.");
        }

        if (messages.Any(m => m!.InstanceId != messages[0]!.InstanceId))
        {
            throw new FormatException("The messages sent together are for different instances.");
        }

        return [.. messages.Select(m => m!)];
    }

    private async Task SetAsideAsync(Azure.Storage.Queues.QueueClient queue, string source, QueueMessage message, string body, string reason, CancellationToken token)
    {
        AzureStorageLog.PoisonMessage(_logger, source, reason);
        await _poison.SetAsideAsync(source, message.MessageId, body, reason, message.DequeueCount, token).ConfigureAwait(false);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, token).ConfigureAwait(false);
    }

    private const int MaxTimersPerPoll = 100;

    private async Task<bool> ReceiveDueTimersAsync(ControlPartition partition, CancellationToken token)
    {
        var now = _time.GetUtcNow();
        if (!partition.TimersDue(now, _options.TimerPollInterval))
        {
            return false;
        }

        bool any = false;
        var due = await _timers.GetDueAsync(partition.Index, now, MaxTimersPerPoll, token).ConfigureAwait(false);
        foreach (var (rowKey, body) in due)
        {
            bool held;
            lock (_gate)
            {
                held = partition.IsHeldTimer(rowKey);
            }

            if (held)
            {
                continue;
            }

            try
            {
                var message = StorageJson.Deserialize<OrchestrationMessage>(await _payloads.UnpackAsync(body, token).ConfigureAwait(false))!;
                Deliver(partition, new Received(message) { TimerRowKey = rowKey, ReceivedAt = DateTimeOffset.UtcNow });
                any = true;
            }
#pragma warning disable CA1031 // An unreadable timer row is set aside like any poison message.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                AzureStorageLog.PoisonMessage(_logger, "timers", ex.Message);
                await _poison.SetAsideAsync("timers", rowKey, body, ex.Message, 1, token).ConfigureAwait(false);
                await _timers.DeleteAsync(partition.Index, rowKey, token).ConfigureAwait(false);
            }
        }

        // A full batch that delivered something may have left more timers due now: poll again at once rather than
        // after the poll interval (a batch of only held timers waits, or the loop would spin on them).
        partition.TimersPolled(due.Count >= MaxTimersPerPoll && any ? now : await _timers.GetNextDueAsync(partition.Index, now, token).ConfigureAwait(false));
        return any;
    }

    private async Task RenewHeldAsync(ControlPartition partition, CancellationToken token)
    {
        List<Received> stale;
        var cutoff = DateTimeOffset.UtcNow - (_options.ControlMessageVisibility / 2);
        lock (_gate)
        {
            stale = partition.HeldOlderThan(cutoff);
        }

        var queue = _storage.ControlQueues[partition.Index];
        foreach (var r in stale)
        {
            // None begins once the partition stops: the hand-back makes the message visible instead.
            token.ThrowIfCancellationRequested();

            // A step's delete refused while this renewal changes the receipt waits for it, as for a hand-back.
            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            string? current;
            lock (_gate)
            {
                current = r.PopReceipt;
                r.ReceiptChanging = changed.Task;
            }

            try
            {
                // Not cut by the stop: once storage applied it only its new receipt works, and the stop's hand-back needs
                // that to make the message visible (with the old one it stayed hidden until the renewed timeout ran out).
                var receipt = await queue.UpdateMessageAsync(r.QueueMessageId, current, visibilityTimeout: _options.ControlMessageVisibility, cancellationToken: partition.AnswerToken).ConfigureAwait(false);
                if (HeldRenewedHook is { } hook)
                {
                    await hook(partition.AnswerToken).ConfigureAwait(false);
                }

                lock (_gate)
                {
                    r.PopReceipt = receipt.Value.PopReceipt;
                    r.ReceivedAt = DateTimeOffset.UtcNow;
                }
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 400)
            {
                // Deleted meanwhile (its step committed).
            }
            finally
            {
                ChangedReceipt(r, changed);
            }
        }
    }

    private async Task RecoverPartitionOutboxesAsync(ControlPartition partition, CancellationToken token)
    {
        foreach (string instanceId in await _history.FindInstancesWithOutboxAsync(token).ConfigureAwait(false))
        {
            if (PartitionOf(instanceId) == partition.Index)
            {
                lock (_gate)
                {
                    if (!_slots.TryGetValue(instanceId, out var slot))
                    {
                        _slots[instanceId] = slot = new InstanceSlot(instanceId, partition.Index);
                    }

                    slot.NeedsRecovery = true;
                }
            }
        }
    }

    private async Task RecoverDirtySlotsAsync(ControlPartition partition, CancellationToken token)
    {
        List<InstanceSlot> dirty;
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            dirty = [.. _slots.Values.Where(s => s.Partition == partition.Index && s.NeedsRecovery && !s.Locked && s.RecoveryNotBefore <= now)];
            foreach (var slot in dirty)
            {
                // Not a step: a stop does not wait for it (the partition's loop, which runs it, has ended by then).
                slot.Locked = true;
                slot.LockedUnder = null;
            }
        }

        foreach (var slot in dirty)
        {
            try
            {
                var record = await _history.LoadAsync(slot.InstanceId, token).ConfigureAwait(false);
                await ResendOutboxAsync(record, token).ConfigureAwait(false);
                slot.Record = record;
                slot.NeedsRecovery = false;
            }
#pragma warning disable CA1031 // One instance that cannot be recovered must not stop its partition; it is tried again later.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                AzureStorageLog.StorageRetry(_logger, $"recovering instance {slot.InstanceId}", ex);
                slot.RecoveryNotBefore = DateTimeOffset.UtcNow + ErrorBackoff * 10;
            }
            finally
            {
                Release(slot);
            }
        }
    }

    /// <summary>
    /// Re-sends the start of instances left Pending longer than the sweep interval: a client that died between writing
    /// the state row and sending the start message would otherwise leave them Pending forever. A start that did go out
    /// arrives twice, and the second is dropped. The sweep reads the pending-starts index (one partition of the history
    /// table, holding a row per instance not yet started), not the history, once per interval for all the partitions the
    /// worker owns (whichever partition's loop comes first); a scheduled start is left alone until an interval after it
    /// is due, since its timer delivers it then.
    /// </summary>
    private async Task ResendLostStartsAsync(CancellationToken token)
    {
        var now = DateTimeOffset.UtcNow;
        if (!_startSweep.TryBegin(now, _options.StartRecoveryInterval))
        {
            return;
        }

        // Two clocks on purpose: when a row was written is storage's wall-clock time, when a start is due is the
        // instance's own clock (a host's TimeProvider, which a dev or test clock moves).
        var clock = _time.GetUtcNow();
        var indexedBefore = now - _options.StartRecoveryInterval;
        foreach (var pending in await _history.FindPendingStartsAsync(id => _partitions.ContainsKey(PartitionOf(id)), indexedBefore, NotYetDue, token).ConfigureAwait(false))
        {
            string instanceId = pending.InstanceId;
            if (now - pending.WrittenAt < _options.StartRecoveryInterval || NotYetDue(pending.StartAt))
            {
                continue;
            }

            try
            {
                var start = StorageJson.Deserialize<OrchestrationMessage>(await _payloads.UnpackAsync(pending.StartMessage, token).ConfigureAwait(false))!;
                if (NotYetDue(start.VisibleAt))
                {
                    // Written before the state row said when it is due.
                    continue;
                }

                await RouteAsync(instanceId, start.Id, pending.StartMessage, start.VisibleAt, token).ConfigureAwait(false);
                AzureStorageLog.StartResent(_logger, instanceId);
            }
#pragma warning disable CA1031 // One unreadable start must not stop the sweep; it is tried again next time.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                AzureStorageLog.StorageRetry(_logger, $"re-sending the start of {instanceId}", ex);
            }
        }

        bool NotYetDue(DateTimeOffset? startAt) => startAt is { } at && clock - at < _options.StartRecoveryInterval;
    }

    /// <summary>
    /// Writes a committed state to the instances table, which queries read; when that fails the write is kept and
    /// retried by the partition's loop. Read-by-id repairs the row too, but a caller that only queries (a wait for many
    /// instances, the office's lists) saw the old status until the instance's next status change, which for a finished
    /// instance never comes: a wait on a query hung although every instance had finished.
    /// </summary>
    /// <remarks>Called while the instance is locked (a step, or the partition loop's retry), so writes land in order.</remarks>
    private async Task ProjectAsync(OrchestrationInstanceState state, long version, CancellationToken cancellationToken)
    {
        try
        {
            if (ProjectionFaultInjector is { } fault)
            {
                await fault(state).ConfigureAwait(false);
            }

            await _projection.UpsertAsync(state, version, cancellationToken).ConfigureAwait(false);
            _projectionBehind.TryRemove(state.InstanceId, out _);
        }
#pragma warning disable CA1031 // Retried by the partition's loop; reads by id repair it as well.
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            AzureStorageLog.StorageRetry(_logger, "updating the instances table", ex);
            _projectionBehind[state.InstanceId] = (state, version);
        }
    }

    /// <summary>
    /// On taking a partition: rewrites the instances-table rows that trail their state. A worker killed between a step's
    /// commit and its row write left the row behind, and only a read by id or the instance's next status change (never,
    /// for one that finished) would have mended it: the office's lists and query-only waits showed the old status.
    /// </summary>
    private async Task RepairPartitionProjectionsAsync(ControlPartition partition, CancellationToken token)
    {
        try
        {
            foreach (var (instanceId, isCurrent) in await UnfinishedInstancesAsync().WaitAsync(token).ConfigureAwait(false))
            {
                if (PartitionOf(instanceId) != partition.Index
                    || (await _history.ReadStateAsync(instanceId, token).ConfigureAwait(false)).State is not { } unlocked
                    || isCurrent(unlocked))
                {
                    continue;
                }

                // A step holding it writes the row at its commit.
                if (TryLockIdle(instanceId, partition) is not { } slot)
                {
                    continue;
                }

                try
                {
                    // Read again under the lock: a step may have committed (and written the row) since.
                    var (state, version) = await _history.ReadStateAsync(instanceId, token).ConfigureAwait(false);
                    if (state is not null && !(await _projection.ReadCurrencyAsync(instanceId, token).ConfigureAwait(false))(state))
                    {
                        AzureStorageLog.ProjectionRepaired(_logger, instanceId, state.Status);
                        await ProjectAsync(state, version, token).ConfigureAwait(false);
                    }
                }
                finally
                {
                    Release(slot);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The partition was lost or the worker stops: whoever takes it next looks again.
        }
#pragma warning disable CA1031 // Best effort: reads by id mend a row as well, and the next taking of the partition looks again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            AzureStorageLog.StorageRetry(_logger, $"mending the instances table of partition {partition.Index}", ex);
        }
    }

    /// <summary>
    /// The unfinished instances' rows, read once for all the partitions a worker takes together (a scan of the whole
    /// table each, per partition, cost four times as much on every start).
    /// </summary>
    private Task<IReadOnlyList<(string InstanceId, Func<OrchestrationInstanceState, bool> IsCurrent)>> UnfinishedInstancesAsync()
    {
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            if (_unfinishedScan is null || _unfinishedScan.IsFaulted || _unfinishedScan.IsCanceled || now - _unfinishedScanAt > UnfinishedScanReuse)
            {
                _unfinishedScan = _projection.FindUnfinishedAsync(_stopping.Token);
                _unfinishedScanAt = now;
            }

            return _unfinishedScan;
        }
    }

    /// <summary>Locks the instance's slot for a row write, unless a step holds it (null then).</summary>
    private InstanceSlot? TryLockIdle(string instanceId, ControlPartition partition)
    {
        lock (_gate)
        {
            if (!_slots.TryGetValue(instanceId, out var slot))
            {
                _slots[instanceId] = slot = new InstanceSlot(instanceId, partition.Index);
            }

            if (slot.Locked)
            {
                return null;
            }

            // Not a step: a stop does not wait for a row write.
            slot.Locked = true;
            slot.LockedUnder = null;
            return slot;
        }
    }

    /// <summary>Retries the instances-table writes that failed for this partition's instances, each under the instance's lock.</summary>
    private async Task RetryProjectionsAsync(ControlPartition partition, CancellationToken token)
    {
        foreach (string instanceId in _projectionBehind.Keys)
        {
            if (PartitionOf(instanceId) != partition.Index)
            {
                continue;
            }

            // A step holding it writes the row at its commit (it sees the write is behind).
            if (TryLockIdle(instanceId, partition) is not { } slot)
            {
                continue;
            }

            try
            {
                if (_projectionBehind.TryGetValue(instanceId, out var behind))
                {
                    await ProjectAsync(behind.State, behind.Version, token).ConfigureAwait(false);
                }
            }
            finally
            {
                Release(slot);
            }
        }
    }

    private sealed record LockedStep(InstanceSlot Slot, List<Received> Messages);
}
