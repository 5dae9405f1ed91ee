using System.Collections.Concurrent;
using System.Threading.Channels;
using Azure;
using Azure.Storage.Queues.Models;

namespace EduFlows.Durable.Backend.AzureStorage;

/// <summary>The activity side: one fetcher fills a small local buffer from the work-item queue for the worker's loops.</summary>
public sealed partial class AzureStorageOrchestrationBackend
{
    private const int ActivityBufferSize = 32;
    private readonly Channel<ActivityWorkItem> _activityBuffer = Channel.CreateBounded<ActivityWorkItem>(ActivityBufferSize);
    private readonly SemaphoreSlim _activityWake = new(0, 1);
    private readonly ConcurrentDictionary<ActivityLease, bool> _activeLeases = new();
    private volatile bool _halted;

    /// <inheritdoc/>
    public async Task<ActivityWorkItem?> LockNextActivityAsync(CancellationToken cancellationToken)
    {
        await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        try
        {
            return await _activityBuffer.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task CompleteActivityAsync(ActivityWorkItem workItem, OrchestrationMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(response);
        ObjectDisposedException.ThrowIf(_halted, this);
        var lease = (ActivityLease)workItem.BackendState!;
        _activeLeases.TryRemove(lease, out _);
        string body = (await _payloads.PackAsync(DataConverter.Serialize(response), response.InstanceId, cancellationToken).ConfigureAwait(false))!;
        await RouteAsync(response.InstanceId, response.Id, body, null, cancellationToken).ConfigureAwait(false);
        string receipt = await lease.StopAsync().ConfigureAwait(false);
        lease.Dispose();
        try
        {
            await _storage.WorkItems.DeleteMessageAsync(lease.MessageId, receipt, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 400)
        {
            // Its visibility lapsed and another worker has it: the duplicate response is dropped by the orchestration.
        }
    }

    /// <inheritdoc/>
    public async Task AbandonActivityAsync(ActivityWorkItem workItem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        if (_halted)
        {
            return;
        }

        var lease = (ActivityLease)workItem.BackendState!;
        _activeLeases.TryRemove(lease, out _);
        string receipt = await lease.StopAsync().ConfigureAwait(false);
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

                QueueMessage[] messages = (await _storage.WorkItems.ReceiveMessagesAsync(Math.Min(32, room), _options.ActivityMessageVisibility, token).ConfigureAwait(false)).Value;
                foreach (var message in messages)
                {
                    await AcceptActivityAsync(message, token).ConfigureAwait(false);
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

    private async Task AcceptActivityAsync(QueueMessage message, CancellationToken token)
    {
        string body = message.Body.ToString();
        if (message.DequeueCount > _options.MaxDequeueCount)
        {
            await SetAsideAsync(_storage.WorkItems, "workitems", message, body, $"delivered {message.DequeueCount} times without completing", token).ConfigureAwait(false);
            return;
        }

        ActivityRequest? request;
        try
        {
            request = DataConverter.Deserialize<ActivityRequest>(await _payloads.UnpackAsync(body, token).ConfigureAwait(false));
            if (request is null || string.IsNullOrEmpty(request.Name) || string.IsNullOrEmpty(request.InstanceId))
            {
                throw new FormatException("The message is not an activity call.");
            }
        }
#pragma warning disable CA1031 // Whatever makes a call unreadable, it is set aside, never retried forever.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            await SetAsideAsync(_storage.WorkItems, "workitems", message, body, ex.Message, token).ConfigureAwait(false);
            return;
        }

        var lease = new ActivityLease(_storage.WorkItems, message.MessageId, message.PopReceipt, _options.ActivityMessageVisibility);
        _activeLeases[lease] = true;
        lease.Start();
        await _activityBuffer.Writer.WriteAsync(new ActivityWorkItem(request) { BackendState = lease }, token).ConfigureAwait(false);
    }

    private async Task StopBackgroundAsync(bool abandonHeld = true)
    {
        foreach (int index in _partitions.Keys.ToList())
        {
            if (_partitions.TryRemove(index, out var partition))
            {
                await partition.StopAsync().ConfigureAwait(false);
            }
        }

        if (_activityFetcher is not null)
        {
            await _activityFetcher.ConfigureAwait(false);
        }

        if (!abandonHeld)
        {
            // A dead process renews nothing: its calls reappear for other workers when their visibility lapses.
            foreach (var lease in _activeLeases.Keys)
            {
                await lease.StopAsync().ConfigureAwait(false);
            }
        }

        while (_activityBuffer.Reader.TryRead(out var buffered))
        {
            var lease = (ActivityLease)buffered.BackendState!;
            _activeLeases.TryRemove(lease, out _);
            string receipt = await lease.StopAsync().ConfigureAwait(false);
            lease.Dispose();
            if (abandonHeld)
            {
                try
                {
                    await _storage.WorkItems.UpdateMessageAsync(lease.MessageId, receipt, visibilityTimeout: TimeSpan.Zero).ConfigureAwait(false);
                }
                catch (RequestFailedException)
                {
                    // It reappears when its timeout passes.
                }
            }
        }
    }
}
