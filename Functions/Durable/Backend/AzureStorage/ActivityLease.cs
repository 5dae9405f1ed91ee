using Azure;
using Azure.Storage.Queues;

namespace EduFlows.Durable.Backend.AzureStorage;

/// <summary>Keeps an activity call invisible to other workers while it runs, by renewing its visibility timeout.</summary>
internal sealed class ActivityLease(QueueClient queue, string messageId, string popReceipt, TimeSpan visibility) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _renewal;
    private string _popReceipt = popReceipt;

    public string MessageId { get; } = messageId;

    public void Start() => _renewal = Task.Run(() => RenewAsync(_stop.Token), CancellationToken.None);

    /// <summary>Stops renewing and returns the receipt that now owns the message.</summary>
    public async Task<string> StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_renewal is not null)
        {
            await _renewal.ConfigureAwait(false);
        }

        return _popReceipt;
    }

    public void Dispose() => _stop.Dispose();

    private async Task RenewAsync(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(visibility / 2, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                // Not cancelled once sent: a renewal the server applied must have its new receipt kept, or the delete fails.
                var receipt = await queue.UpdateMessageAsync(MessageId, _popReceipt, visibilityTimeout: visibility, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                _popReceipt = receipt.Value.PopReceipt;
            }
            catch (RequestFailedException ex) when (ex.Status is 400 or 404)
            {
                // The message is gone (or its receipt is stale): the call may run again elsewhere, as at-least-once allows.
                return;
            }
            catch (RequestFailedException)
            {
                // A passing storage error: try again at the next renewal.
            }
        }
    }
}
