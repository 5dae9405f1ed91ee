namespace EduFlows.DurableTask.Storage.AzureStorage;

/// <summary>
/// A message taken from a control queue or the timers table, held until the step that applies it commits. One queue
/// message may carry several messages for the same instance (activity responses sent together); they are applied by
/// one step and deleted together.
/// </summary>
internal sealed class Received
{
    public Received(OrchestrationMessage message)
        : this([message])
    {
    }

    public Received(IReadOnlyList<OrchestrationMessage> messages)
    {
        ArgumentOutOfRangeException.ThrowIfZero(messages.Count);
        Messages = messages;
    }

    /// <summary>What it carries, all for <see cref="InstanceId"/>, in the order sent.</summary>
    public IReadOnlyList<OrchestrationMessage> Messages { get; }

    public string InstanceId => Messages[0].InstanceId;

    /// <summary>The queue message id, for a message from a control queue.</summary>
    public string? QueueMessageId { get; init; }

    /// <summary>The latest pop receipt (changes when visibility is renewed).</summary>
    public string? PopReceipt { get; set; }

    /// <summary>
    /// A change of <see cref="PopReceipt"/> under way (a hand-back or a renewal), set and cleared under the backend's lock;
    /// completes once the new receipt is recorded, or the change failed. Storage knows the new receipt first: a delete
    /// refused in between waits for this, then tries the receipt recorded.
    /// </summary>
    public Task? ReceiptChanging { get; set; }

    /// <summary>The timer row key, for a due timer.</summary>
    public string? TimerRowKey { get; init; }

    /// <summary>When it was received or its visibility last renewed (real clock).</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    private int _settled;

    /// <summary>
    /// For a message this worker handed to its own partition in memory, with no queue message behind it (an activity
    /// response, a start): told <see langword="true"/> once the step that applied it committed, or <see langword="false"/>
    /// when it is dropped unapplied (the partition went elsewhere), so that what keeps it durable (the activity call's
    /// queue message, the start stored in the state row) takes over. The token bounds its waits (a stop's deadline).
    /// </summary>
    public Func<bool, CancellationToken, Task>? Settle { get; init; }

    /// <summary>Held in memory only: nothing to delete from a queue or the timers table.</summary>
    public bool IsLocal => Settle is not null;

    /// <summary>Runs <see cref="Settle"/> once, whichever of commit and drop comes first.</summary>
    public Task SettleAsync(bool committed, CancellationToken cancellationToken) =>
        Settle is { } settle && Interlocked.Exchange(ref _settled, 1) == 0 ? settle(committed, cancellationToken) : Task.CompletedTask;
}
