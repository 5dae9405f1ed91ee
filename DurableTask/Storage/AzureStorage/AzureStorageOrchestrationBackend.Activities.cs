using System.Collections.Concurrent;
using System.Threading.Channels;
using Azure;
using Azure.Storage.Queues.Models;
using DurableTask.Core;
using DurableTask.Core.History;

namespace EduFlows.DurableTask.Storage.AzureStorage;

/// <summary>The activity side: one fetcher fills a small local buffer from the work-item queue for the worker's loops.</summary>
public sealed partial class AzureStorageOrchestrationBackend
{
    private const int ActivityBufferSize = 32;
    private const int MaxResponsesPerMessage = 100;
    // Calls sent together in one work-item message, at most: few enough that a fan-out still spreads over workers.
    private const int MaxCallsPerMessage = 16;

    // Room for a full receive of messages that each carry several calls; the fetcher asks only while fewer than
    // ActivityBufferSize calls wait.
    private readonly Channel<ActivityWorkItem> _activityBuffer = Channel.CreateBounded<ActivityWorkItem>(ActivityBufferSize * MaxCallsPerMessage);
    private readonly SemaphoreSlim _activityWake = new(0, 1);
    // Calls this worker holds, by queue message id: a call whose message comes round again while held is not run twice.
    private readonly ConcurrentDictionary<string, ActivityLease> _activeLeases = new(StringComparer.Ordinal);
    private volatile bool _halted;
    private ResponseCoalescer? _responseCoalescer;

    // Groups stay under the blob threshold, so grouping never moves a response into a blob.
    private ResponseCoalescer _responses => _responseCoalescer ??= new ResponseCoalescer(SendResponsesAsync, Math.Max(1024, _options.BlobThresholdBytes - 1024), MaxResponsesPerMessage);

    /// <inheritdoc/>
    public async Task<ActivityWorkItem?> LockNextActivityAsync(CancellationToken cancellationToken)
    {
        if (!await EnsureStartedAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        while (true)
        {
            ActivityWorkItem item;
            try
            {
                item = await _activityBuffer.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }

            var call = (ActivityCall)item.BackendState!;
            if (call.Lease.VisibleUntil - DateTimeOffset.UtcNow > _options.ActivityMessageVisibility / 3)
            {
                return item;
            }

            // It waited here so long (a starved process, failing renewals) that another worker may already hold it:
            // starting it now could run it twice. Let it go; whoever receives it next runs it.
            call.Lease.HandBack = true;
            if (call.Lease.FinishOne())
            {
                await ForgetLeaseAsync(call.Lease).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public async Task CompleteActivityAsync(ActivityWorkItem workItem, OrchestrationMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(response);
        ObjectDisposedException.ThrowIf(_halted, this);
        var call = (ActivityCall)workItem.BackendState!;
        var lease = call.Lease;
        if (FaultInjector is { } fault)
        {
            await fault("activity-complete").ConfigureAwait(false);
        }

        if (TryDeliverLocally(new Received(response) { Settle = (committed, token) => SettleLocalResponseAsync(call, response, committed, token), ReceivedAt = DateTimeOffset.UtcNow }))
        {
            // The instance's partition is ours: the response goes to it in memory, and the call's queue message (still
            // held, its visibility renewed) is deleted only once the step that applies the response has committed. A
            // crash before that lets the call reappear and run again, as any call a dead worker held.
            call.Completed = true;
            return;
        }

        // Stored once this completes, possibly in one queue message with other calls' responses to the same instance.
        await _responses.SendAsync(response, StorageJson.Serialize(response)).ConfigureAwait(false);

        // The response is out: from here nothing may throw, or the dispatcher would abandon the call and it would run again.
        call.Completed = true;
        if (lease.FinishOne())
        {
            await FinishMessageAsync(lease, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A response handed to this worker's own partition in memory is applied (committed) or dropped with the partition:
    /// when dropped, it is sent through the control queue like any other before its call is let go.
    /// </summary>
    private async Task SettleLocalResponseAsync(ActivityCall call, OrchestrationMessage response, bool committed, CancellationToken cancellationToken)
    {
        var lease = call.Lease;
        if (!committed)
        {
            try
            {
                ObjectDisposedException.ThrowIf(_halted, this);
                await SendResponsesAsync(response.InstanceId, [(response, StorageJson.Serialize(response))], cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Not sent: the call's message is handed back and the call runs again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                AzureStorageLog.StorageRetry(_logger, "sending a response its partition dropped", ex);
                lease.HandBack = true;
            }
        }

        if (lease.FinishOne())
        {
            await FinishMessageAsync(lease, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The last call a message carries is done: delete the message, or hand it back if a call did not finish here.</summary>
    /// <remarks>Bounded by <paramref name="cancellationToken"/> (a stop's deadline): past it the message reappears when its timeout passes.</remarks>
    private async Task FinishMessageAsync(ActivityLease lease, CancellationToken cancellationToken)
    {
        string receipt = await lease.StopAsync().ConfigureAwait(false);
        if (lease.HandBack)
        {
            try
            {
                await _storage.WorkItems.UpdateMessageAsync(lease.MessageId, receipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Not ours any more, or storage unreachable: it reappears when its timeout passes.
            catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException or IOException or HttpRequestException)
#pragma warning restore CA1031
            {
            }
        }
        else
        {
            await DeleteActivityMessageAsync(lease, cancellationToken).ConfigureAwait(false);
        }

        _activeLeases.TryRemove(lease.MessageId, out _);
        lease.Dispose();
    }

    /// <inheritdoc/>
    public async Task AbandonActivityAsync(ActivityWorkItem workItem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        var call = (ActivityCall)workItem.BackendState!;
        var lease = call.Lease;
        if (_halted || call.Completed)
        {
            // A dead process abandons nothing; a completed call's response is already sent, so it must not run again.
            return;
        }

        if (call.SentWithOthers)
        {
            // Its message carries other calls, which may have run here already: send this one again on its own, so
            // only it runs again; if that fails, the whole message is handed back once its other calls are done.
            try
            {
                string body = (await _payloads.PackAsync(StorageJson.Serialize(workItem.Request), workItem.Request.InstanceId, cancellationToken).ConfigureAwait(false))!;
                await _storage.WorkItems.SendMessageAsync(body, cancellationToken).ConfigureAwait(false);
                WakeActivityFetcher();
            }
            catch (RequestFailedException)
            {
                lease.HandBack = true;
            }

            if (lease.FinishOne())
            {
                await FinishMessageAsync(lease, CancellationToken.None).ConfigureAwait(false);
            }

            return;
        }

        string receipt = await lease.StopAsync().ConfigureAwait(false);
        _activeLeases.TryRemove(lease.MessageId, out _);
        lease.Dispose();
        try
        {
            await _storage.WorkItems.UpdateMessageAsync(lease.MessageId, receipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // It reappears when its timeout passes.
        }
    }

    /// <summary>Sends activity responses for one instance as one control-queue message (a JSON array when more than one).</summary>
    private Task SendResponsesAsync(string instanceId, IReadOnlyList<(OrchestrationMessage Message, string Json)> group) =>
        SendResponsesAsync(instanceId, group, CancellationToken.None);

    private async Task SendResponsesAsync(string instanceId, IReadOnlyList<(OrchestrationMessage Message, string Json)> group, CancellationToken cancellationToken)
    {
        // A halted (simulated dead) process sends nothing more.
        ObjectDisposedException.ThrowIf(_halted, this);
        string json = group.Count == 1 ? group[0].Json : "[" + string.Join(",", group.Select(g => g.Json)) + "]";
        string body = (await _payloads.PackAsync(json, instanceId, cancellationToken).ConfigureAwait(false))!;
        await RouteAsync(instanceId, group[0].Message.Id, body, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteActivityMessageAsync(ActivityLease lease, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            string receipt = lease.CurrentReceipt;
            try
            {
                if (FaultInjector is { } fault)
                {
                    await fault("activity-delete").ConfigureAwait(false);
                }

                await _storage.WorkItems.DeleteMessageAsync(lease.MessageId, receipt, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 400)
            {
                if (lease.CurrentReceipt != receipt)
                {
                    // It came round again while completing and was adopted: delete it under the new receipt.
                    continue;
                }

                // Gone already, or another worker holds it (its visibility lapsed): that worker's response is dropped as a duplicate.
                return;
            }
#pragma warning disable CA1031 // A passing storage error: a call left in the queue runs again, so try a few more times.
            catch (Exception ex) when (attempt < 5 && !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                AzureStorageLog.StorageRetry(_logger, "deleting a completed activity call", ex);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // A stop's time ran out: the call may run again, which at-least-once allows.
                    return;
                }
            }
#pragma warning disable CA1031 // Still failing: the call may run again, which at-least-once allows; the step must not fail for it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                AzureStorageLog.StorageRetry(_logger, "deleting a completed activity call (giving up)", ex);
                return;
            }
        }
    }

    private async Task ForgetLeaseAsync(ActivityLease lease)
    {
        _activeLeases.TryRemove(lease.MessageId, out _);
        await lease.StopAsync().ConfigureAwait(false);
        lease.Dispose();
    }

    private void WakeActivityFetcher()
    {
        try
        {
            if (_activityWake.CurrentCount == 0)
            {
                _activityWake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    private async Task FetchActivitiesAsync(CancellationToken token)
    {
        var backoff = MinPollingInterval;
        while (!token.IsCancellationRequested)
        {
            try
            {
                int room = ActivityBufferSize - _activityBuffer.Reader.Count;
                if (room <= 0)
                {
                    await Task.Delay(MinPollingInterval, token).ConfigureAwait(false);
                    continue;
                }

                // Taken before the request: the server counts the visibility from when it handles it, never earlier.
                var receivedAt = DateTimeOffset.UtcNow;
                QueueMessage[] messages = (await _storage.WorkItems.ReceiveMessagesAsync(Math.Min(32, room), _options.ActivityMessageVisibility, token).ConfigureAwait(false)).Value;
                Interlocked.Add(ref _queueMessagesReceived, messages.Length);
                foreach (var message in messages)
                {
                    await AcceptActivityAsync(message, receivedAt, token).ConfigureAwait(false);
                }

                if (messages.Length == Math.Min(32, room))
                {
                    continue;
                }

                backoff = messages.Length > 0 ? MinPollingInterval : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxPollingInterval.Ticks));
                await _activityWake.WaitAsync(backoff, token).ConfigureAwait(false);
                await Task.Delay(CoalesceDelay, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Storage may be restarting; keep polling after a pause.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                AzureStorageLog.StorageRetry(_logger, "fetching activities", ex);
                try
                {
                    await Task.Delay(ErrorBackoff, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Sends a work-item message carrying <paramref name="rows"/>' calls. When this worker's activity buffer has room it
    /// sends the message already invisible and takes the calls itself, as if it had received it (no receive request,
    /// no polling delay); otherwise the message goes out visible for any worker's fetcher.
    /// </summary>
    /// <remarks>
    /// Crash-safe as a received message is: the message is stored before any call runs, and one this worker stops
    /// renewing (a crash) becomes visible to other workers when its visibility timeout passes.
    /// </remarks>
    private async Task SendCallsAsync(string body, List<OutboxRow> rows, CancellationToken cancellationToken)
    {
        bool keep = rows.Count > 0 && _activityFetcher is not null && !_stopping.IsCancellationRequested
            && _activityBuffer.Reader.Count + rows.Count <= ActivityBufferSize;
        if (!keep)
        {
            await _storage.WorkItems.SendMessageAsync(body, cancellationToken).ConfigureAwait(false);
            WakeActivityFetcher();
            return;
        }

        var requests = rows.Select(r => StorageJson.Deserialize<ActivityRequest>(r.Body)!).ToList();
        // Taken before the request: the server counts the visibility from when it handles it, never earlier.
        var sentAt = DateTimeOffset.UtcNow;
        var receipt = (await _storage.WorkItems.SendMessageAsync(body, visibilityTimeout: _options.ActivityMessageVisibility, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        var lease = new ActivityLease(_storage.WorkItems, receipt.MessageId, receipt.PopReceipt, _options.ActivityMessageVisibility, sentAt);
        lease.CarryCalls(requests.Count);
        if (CallsKeptHook is { } kept)
        {
            await kept().ConfigureAwait(false);
        }

        _activeLeases[lease.MessageId] = lease;
        lease.Start();

        // A stop or halt that began while the message went out may already have stopped every lease it found, before
        // this one was listed: renewed from here on with nobody to read the buffer, the call stayed invisible for the
        // life of the process and its instance hung. Both stops cancel _stopping before they list the leases, so this
        // check sees every stop that could have missed it. A graceful stop hands the message back at once, as it does
        // its buffered calls; after a halt (a kill) it reappears when its visibility timeout passes.
        if (_stopping.IsCancellationRequested)
        {
            _activeLeases.TryRemove(lease.MessageId, out _);
            string held = await lease.StopAsync().ConfigureAwait(false);
            lease.Dispose();
            if (!_halted)
            {
                await HandBackAsync(lease.MessageId, held, CancellationToken.None).ConfigureAwait(false);
            }

            return;
        }
        foreach (var request in requests)
        {
            var item = new ActivityWorkItem(request) { BackendState = new ActivityCall(lease, requests.Count > 1) };
            if (!_activityBuffer.Writer.TryWrite(item))
            {
                await _activityBuffer.Writer.WriteAsync(item, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task AcceptActivityAsync(QueueMessage message, DateTimeOffset receivedAt, CancellationToken token)
    {
        if (_activeLeases.TryGetValue(message.MessageId, out var held))
        {
            // Its visibility lapsed while this worker still holds it (buffered, running or completing): keep one copy.
            held.Adopt(message.PopReceipt, DateTimeOffset.UtcNow);
            return;
        }

        string body = message.Body.ToString();
        List<ActivityRequest> requests;
        try
        {
            requests = await ReadCallsAsync(body, token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever makes a call unreadable, it is set aside, never retried forever.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            await SetAsideAsync(_storage.WorkItems, "workitems", message, body, ex.Message, token).ConfigureAwait(false);
            return;
        }

        if (message.DequeueCount > _options.MaxDequeueCount)
        {
            // Its calls fail instead of running again: each orchestration that made one learns why, and fails unless it
            // handles the failure. Sent before the message is set aside: a crash in between sends them again, and
            // a second response to the same call is dropped.
            string reason = $"delivered {message.DequeueCount} times without completing";
            try
            {
                await FailSetAsideCallsAsync(requests, reason).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The failures could not be sent (the same fault may be what makes it poison): it is set aside all the
                // same, or it would come back for ever; its instances then wait, named in the log and the Poison row.
                AzureStorageLog.StorageRetry(_logger, $"answering the set-aside calls of message {message.MessageId}", ex);
            }

            await SetAsideAsync(_storage.WorkItems, "workitems", message, body, $"{reason} (instance {string.Join(", ", requests.Select(r => r.InstanceId).Distinct())})", token).ConfigureAwait(false);
            return;
        }

        var lease = new ActivityLease(_storage.WorkItems, message.MessageId, message.PopReceipt, _options.ActivityMessageVisibility, receivedAt);
        lease.CarryCalls(requests.Count);
        _activeLeases[lease.MessageId] = lease;
        lease.Start();
        foreach (var request in requests)
        {
            await _activityBuffer.Writer.WriteAsync(new ActivityWorkItem(request) { BackendState = new ActivityCall(lease, requests.Count > 1) }, token).ConfigureAwait(false);
        }
    }

    /// <summary>The calls a work-item message carries: one, or several sent together as a JSON array.</summary>
    /// <exception cref="FormatException">When the message is not an activity call.</exception>
    private async Task<List<ActivityRequest>> ReadCallsAsync(string body, CancellationToken token)
    {
        string? json = await _payloads.UnpackAsync(body, token).ConfigureAwait(false);
        List<ActivityRequest?> parsed = json is not null && json.TrimStart().StartsWith('[')
            ? StorageJson.Deserialize<List<ActivityRequest?>>(json) ?? []
            : [StorageJson.Deserialize<ActivityRequest>(json)];
        if (parsed.Count == 0 || parsed.Any(r => r is null || string.IsNullOrEmpty(r.Name) || string.IsNullOrEmpty(r.InstanceId)))
        {
            throw new FormatException("The message is not an activity call.");
        }

        return [.. parsed.Select(r => r!)];
    }

    /// <summary>Answers each call of a set-aside message with a failure that says so, as if the activity had thrown.</summary>
    private async Task FailSetAsideCallsAsync(List<ActivityRequest> requests, string reason)
    {
        foreach (var request in requests)
        {
            string text = $"The call to activity '{request.Name}' was set aside: {reason} (at most {_options.MaxDequeueCount}). " +
                "Its message is in the task hub's Poison table.";
            var failed = new TaskFailedEvent(-1, request.TaskScheduledId, text, details: null,
                new FailureDetails(PoisonFailureType, text, stackTrace: null, innerFailure: null, isNonRetriable: true))
            {
                Timestamp = _time.GetUtcNow().UtcDateTime,
            };
            var response = new OrchestrationMessage(OrchestrationIds.NewId(), request.InstanceId, request.ExecutionId, failed);

            // Stored once this completes, as any activity's response.
            await _responses.SendAsync(response, StorageJson.Serialize(response)).ConfigureAwait(false);
        }
    }

    /// <summary>The error type of a call that failed because its message was set aside as poison.</summary>
    internal const string PoisonFailureType = "EduFlows.DurableTask.PoisonMessage";

    /// <summary>One call of a received message; several share the message's lease when they were sent together.</summary>
    private sealed class ActivityCall(ActivityLease lease, bool sentWithOthers)
    {
        public ActivityLease Lease { get; } = lease;

        public bool SentWithOthers { get; } = sentWithOthers;

        /// <summary>Set once the call's response is sent: from then on it must never be handed out again.</summary>
        public bool Completed { get; set; }
    }

    private async Task StopBackgroundAsync(bool abandonHeld, CancellationToken cancellationToken)
    {
        foreach (int index in _partitions.Keys.ToList())
        {
            if (_partitions.TryRemove(index, out var partition))
            {
                // A dead process waits for no answer.
                await partition.StopAsync(abandonHeld ? cancellationToken : new CancellationToken(canceled: true)).ConfigureAwait(false);
            }
        }

        if (_activityFetcher is not null)
        {
            await _activityFetcher.ConfigureAwait(false);
        }

        if (!abandonHeld)
        {
            // A dead process renews nothing: its calls reappear for other workers when their visibility lapses.
            foreach (var lease in _activeLeases.Values)
            {
                await lease.StopAsync().ConfigureAwait(false);
            }
        }

        while (_activityBuffer.Reader.TryRead(out var buffered))
        {
            var lease = ((ActivityCall)buffered.BackendState!).Lease;
            if (!lease.FinishOne())
            {
                // Other calls of its message are still here or running: the last of them hands the message back.
                lease.HandBack = true;
                continue;
            }

            _activeLeases.TryRemove(lease.MessageId, out _);
            string receipt = await lease.StopAsync().ConfigureAwait(false);
            lease.Dispose();
            if (abandonHeld && !_halted)
            {
                // Storage unreachable or out of time: the rest reappear when their timeouts pass.
                abandonHeld = await HandBackAsync(lease.MessageId, receipt, cancellationToken).ConfigureAwait(false);
            }
        }

        // Calls handed to the dispatcher and not finished stop being renewed too: one it took while stopping and never
        // ran was otherwise kept invisible for the life of the process, so a worker started again in this process (or
        // any other) never got it and its instance hung. A call still running here may run again elsewhere once its
        // visibility lapses, as after a crash; one that finishes here first is deleted as usual.
        foreach (var lease in _activeLeases.Values)
        {
            await lease.StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Makes a held work-item message visible again at once, for any worker. False when storage could not be reached
    /// (or time ran out): the message then reappears when its visibility timeout passes, as after a crash.
    /// </summary>
    private async Task<bool> HandBackAsync(string messageId, string popReceipt, CancellationToken cancellationToken)
    {
        try
        {
            await _storage.WorkItems.UpdateMessageAsync(messageId, popReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 400 or 404)
        {
            // No longer ours (taken or deleted): nothing to hand back.
            return true;
        }
#pragma warning disable CA1031 // A stop never throws for storage failures.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            AzureStorageLog.StopStepFailed(_logger, "handing back held activity calls", ex);
            return false;
        }
    }
}
