using Azure;
using Azure.Storage.Queues;

namespace EduFlows.DurableTask.Storage.AzureStorage;

/// <summary>Keeps an activity call invisible to other workers while it runs, by renewing its visibility timeout.</summary>
/// <remarks>
/// A call whose visibility lapses is handed to whichever worker polls next, and runs twice. So renewals come at a third
/// of the timeout (a late one still lands in time), a failed renewal is retried instead of giving up, and the lease
/// knows (on the real clock) until when the message is surely ours, so a call that waited too long is not started.
/// </remarks>
internal sealed class ActivityLease(QueueClient queue, string messageId, string popReceipt, TimeSpan visibility, DateTimeOffset receivedAt) : IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Task? _renewal;
    private string _popReceipt = popReceipt;
    private DateTimeOffset _visibleUntil = receivedAt + visibility;
    private int _stopped;

    public string MessageId { get; } = messageId;

    private int _unfinished = 1;

    /// <summary>
    /// Set when a call the message carries did not finish here (abandoned, or dropped after waiting too long): once the
    /// last call is done the message is handed back rather than deleted, so that call runs again.
    /// </summary>
    public bool HandBack { get; set; }

    /// <summary>How many calls the message carries (several when a step's calls were sent together).</summary>
    public void CarryCalls(int count) => _unfinished = count;

    /// <summary>One call is done with the message; true for the last, which then deletes or hands back the message.</summary>
    public bool FinishOne() => Interlocked.Decrement(ref _unfinished) == 0;

    /// <summary>Until when (real clock) no other worker can receive the message, as far as this worker knows.</summary>
    public DateTimeOffset VisibleUntil
    {
        get
        {
            lock (_gate)
            {
                return _visibleUntil;
            }
        }
    }

    /// <summary>The receipt that owns the message now.</summary>
    public string CurrentReceipt
    {
        get
        {
            lock (_gate)
            {
                return _popReceipt;
            }
        }
    }

    public void Start() => _renewal = Task.Run(() => RenewAsync(_stop.Token), CancellationToken.None);

    /// <summary>The message came round again while this worker still holds the call: the new receipt owns it now.</summary>
    public void Adopt(string popReceipt, DateTimeOffset receivedAt)
    {
        lock (_gate)
        {
            _popReceipt = popReceipt;
            _visibleUntil = receivedAt + visibility;
        }
    }

    /// <summary>Stops renewing and returns the receipt that now owns the message; safe to call more than once.</summary>
    public async Task<string> StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        if (_renewal is not null)
        {
            await _renewal.ConfigureAwait(false);
        }

        lock (_gate)
        {
            return _popReceipt;
        }
    }

    public void Dispose() => _stop.Dispose();

    private async Task RenewAsync(CancellationToken token)
    {
        var wait = visibility / 3;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(wait, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            string receipt;
            lock (_gate)
            {
                receipt = _popReceipt;
            }

            var sentAt = DateTimeOffset.UtcNow;
            try
            {
                // Not cancelled once sent: a renewal the server applied must have its new receipt kept, or the delete fails.
                var renewed = await queue.UpdateMessageAsync(MessageId, receipt, visibilityTimeout: visibility, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                lock (_gate)
                {
                    // An Adopt that raced this renewal holds a newer receipt only if the server saw it later; the server's answer wins.
                    _popReceipt = renewed.Value.PopReceipt;
                    _visibleUntil = sentAt + visibility;
                }

                wait = visibility / 3;
            }
            catch (RequestFailedException ex) when (ex.Status is 400 or 404)
            {
                if (CurrentReceipt != receipt)
                {
                    // The message came round again meanwhile and was adopted: renew under the new receipt.
                    wait = TimeSpan.Zero;
                    continue;
                }

                // The message is gone (or another worker holds it): the call may run again elsewhere, as at-least-once allows.
                return;
            }
#pragma warning disable CA1031 // A passing storage or network error: retry soon, while the message is still ours.
            catch (Exception)
#pragma warning restore CA1031
            {
                wait = RetryDelay;
            }
        }
    }
}
