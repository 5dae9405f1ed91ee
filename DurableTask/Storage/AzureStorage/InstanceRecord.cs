using Azure;
using DurableTask.Core.History;

namespace EduFlows.DurableTask.Storage.AzureStorage;

/// <summary>What storage holds for one instance, as loaded (and kept up to date while its partition is owned).</summary>
internal sealed class InstanceRecord
{
    public required string InstanceId { get; init; }

    public OrchestrationInstanceState? State { get; set; }

    /// <summary>The committed history; only the first <see cref="HistoryCount"/> events count.</summary>
    public List<HistoryEvent> History { get; set; } = [];

    public int HistoryCount => History.Count;

    /// <summary>Rows of earlier executions' histories, deleted once a commit has moved past them.</summary>
    public List<string> StaleRowKeys { get; } = [];

    /// <summary>The state row's ETag; null when no state row exists.</summary>
    public ETag? ETag { get; set; }

    /// <summary>Incremented by every commit; outbox rows carry the version that wrote them.</summary>
    public long Version { get; set; }

    /// <summary>The nonce of the latest commit: outbox rows with another nonce are leftovers of a failed attempt.</summary>
    public string? OutboxNonce { get; set; }

    /// <summary>The packed start message the client stored with a Pending instance, kept until it starts.</summary>
    public string? StartMessage { get; set; }

    /// <summary>Outbox rows found at load time: messages committed but perhaps never sent.</summary>
    public List<OutboxRow> Outbox { get; } = [];

    /// <summary>
    /// Outbox rows of the latest commit still need sending. Rows of earlier commits were sent before a later commit
    /// could happen (load re-sends first), and rows of a failed commit attempt must never be sent.
    /// </summary>
    public bool IsSendable(OutboxRow row) => row.Version == Version && row.Nonce == OutboxNonce;
}

/// <summary>A message waiting in an instance's outbox.</summary>
/// <param name="RowKey">The row's key.</param>
/// <param name="Version">The commit that wrote it.</param>
/// <param name="Nonce">The commit attempt that wrote it.</param>
/// <param name="MessageId">The message's id (timer rows are keyed by it, so re-sending is idempotent).</param>
/// <param name="Kind">"activity" or "orchestration".</param>
/// <param name="Target">The receiving instance (for routing to its control queue).</param>
/// <param name="Body">The packed message JSON.</param>
/// <param name="VisibleAt">For timers and scheduled starts, when it becomes deliverable.</param>
internal sealed record OutboxRow(string RowKey, long Version, string Nonce, string MessageId, string Kind, string Target, string Body, DateTimeOffset? VisibleAt);
