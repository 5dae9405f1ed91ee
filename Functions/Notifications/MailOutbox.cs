using Azure.Data.Tables;
using EduFlows.Storage;

namespace EduFlows.Notifications;

/// <summary>The e-mail outbox (table <c>{hub}Mail</c>): every message is written here before it is sent, and every attempt is recorded.</summary>
public sealed class MailOutbox(StorageAccount account, string tableName)
{
    private readonly RecordTable<OutboxMessage> _table = new(account.Tables.GetTableClient(tableName), m => m.Id, m => new Dictionary<string, object?>
    {
        ["Status"] = m.Status,
        ["To"] = m.To.ToLowerInvariant(),
        ["CreatedAt"] = m.CreatedAt,
        ["ClaimedUntil"] = m.ClaimedUntil,
        ["NotBefore"] = m.NotBefore ?? m.CreatedAt,
    });

    /// <summary>The table of a storage connection string (tests, and Azurite).</summary>
    public MailOutbox(string connectionString, string tableName)
        : this(StorageAccount.FromConnectionString(connectionString), tableName)
    {
    }

    /// <summary>Writes a message unless one with its id is there; returns the stored one either way.</summary>
    public async Task<OutboxMessage> WriteAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (await _table.TryAddAsync(message with { Status = MailStatus.Pending, Attempts = 0 }, cancellationToken).ConfigureAwait(false))
        {
            return message;
        }

        return (await _table.GetAsync(message.Id, cancellationToken).ConfigureAwait(false))?.Record
            ?? throw new InvalidOperationException($"Outbox message '{message.Id}' exists but cannot be read.");
    }

    /// <summary>Reads a message with its version.</summary>
    public Task<Versioned<OutboxMessage>?> GetAsync(string id, CancellationToken cancellationToken) => _table.GetAsync(id, cancellationToken);

    /// <summary>Replaces a message if unchanged since read; returns its new version, or null when someone changed it.</summary>
    public Task<Azure.ETag?> TryReplaceAsync(OutboxMessage message, Azure.ETag readVersion, CancellationToken cancellationToken) =>
        _table.TryReplaceAsync(message, readVersion, cancellationToken);

    /// <summary>One page of messages (in id order), optionally by status and recipient.</summary>
    public Task<(IReadOnlyList<OutboxMessage> Items, string? Next)> ListAsync(
        MailStatus? status, string? recipient, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var parts = new List<string>();
        if (status is { } s)
        {
            parts.Add(TableClient.CreateQueryFilter($"Status eq {s.ToString()}"));
        }

        if (!string.IsNullOrWhiteSpace(recipient))
        {
            parts.Add(TableClient.CreateQueryFilter($"To eq {recipient.Trim().ToLowerInvariant()}"));
        }

        return _table.PageAsync(parts.Count == 0 ? null : string.Join(" and ", parts), pageSize, continuationToken, cancellationToken);
    }

    /// <summary>Every message about one task (their ids start with the task's id and a dot), oldest first; digests that remind of it are found by <see cref="WithIdPrefixAsync"/>.</summary>
    public async Task<List<OutboxMessage>> ForTaskAsync(string taskId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        var found = await WithIdPrefixAsync(taskId + ".", cancellationToken).ConfigureAwait(false);
        return [.. found.Where(m => m.TaskId == taskId).OrderBy(m => m.CreatedAt)];
    }

    /// <summary>Every message whose id starts with <paramref name="prefix"/> (e.g. the digests of one person's tasks due together).</summary>
    public Task<List<OutboxMessage>> WithIdPrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);

        // A key range, not a scan: the prefix with its last character raised by one is the first id after all "{prefix}…".
        string after = string.Concat(prefix.AsSpan(0, prefix.Length - 1), ((char)(prefix[^1] + 1)).ToString());
        return _table.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {after}"), cancellationToken);
    }

    /// <summary>
    /// Writes a copy of <paramref name="original"/> under <paramref name="copyId"/> as a new pending message (the office's
    /// resend): the original keeps its record of what happened to it; the copy is sent like any other message.
    /// </summary>
    public Task<OutboxMessage> WriteCopyAsync(OutboxMessage original, string copyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(original);
        return WriteAsync(
            original with
            {
                Id = copyId,
                CreatedAt = now,
                NotBefore = null,
                SentAt = null,
                SendGridMessageId = null,
                LastError = null,
                ClaimedBy = null,
                ClaimedUntil = null,
            },
            cancellationToken);
    }

    /// <summary>
    /// Messages that nobody is sending although they should be: pending since before <paramref name="writtenBefore"/>
    /// and past their backoff, or claimed by a sender whose claim ran out or who has died (<see cref="MailClaimant"/>).
    /// </summary>
    public async Task<List<OutboxMessage>> StrandedAsync(DateTimeOffset writtenBefore, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Every claim is read: few messages are being sent at any moment, and a dead holder shows only in ClaimedBy.
        var found = await _table.QueryAsync(
            TableClient.CreateQueryFilter($"(Status eq {nameof(MailStatus.Pending)} and CreatedAt lt {writtenBefore.UtcDateTime} and NotBefore lt {now.UtcDateTime}) or (Status eq {nameof(MailStatus.Sending)})"),
            cancellationToken).ConfigureAwait(false);
        return [.. found.Where(m => m.Status != MailStatus.Sending || m.ClaimedUntil < now || MailClaimant.IsProvablyDead(m.ClaimedBy))];
    }
}
