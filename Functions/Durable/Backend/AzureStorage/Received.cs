namespace EduFlows.Durable.Backend.AzureStorage;

/// <summary>A message taken from a control queue or the timers table, held until the step that applies it commits.</summary>
internal sealed class Received(OrchestrationMessage message)
{
    public OrchestrationMessage Message { get; } = message;

    /// <summary>The queue message id, for a message from a control queue.</summary>
    public string? QueueMessageId { get; init; }

    /// <summary>The latest pop receipt (changes when visibility is renewed).</summary>
    public string? PopReceipt { get; set; }

    /// <summary>The timer row key, for a due timer.</summary>
    public string? TimerRowKey { get; init; }

    /// <summary>When it was received or its visibility last renewed (real clock).</summary>
    public DateTimeOffset ReceivedAt { get; set; }
}
