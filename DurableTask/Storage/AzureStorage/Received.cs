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

    /// <summary>The timer row key, for a due timer.</summary>
    public string? TimerRowKey { get; init; }

    /// <summary>When it was received or its visibility last renewed (real clock).</summary>
    public DateTimeOffset ReceivedAt { get; set; }
}
