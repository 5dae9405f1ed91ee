namespace EduFlows.Notifications;

/// <summary>One e-mail of the outbox: written before it is sent, updated with every attempt.</summary>
public sealed record OutboxMessage
{
    /// <summary>Deterministic id (e.g. the task id and the purpose), so writing it twice stores it once.</summary>
    public required string Id { get; init; }

    /// <summary>The recipient's address.</summary>
    public required string To { get; init; }

    /// <summary>The recipient's name.</summary>
    public required string ToName { get; init; }

    /// <summary>The template it was rendered from, e.g. "task-assigned".</summary>
    public required string Template { get; init; }

    /// <summary>"zh-CN" or "en".</summary>
    public required string Culture { get; init; }

    /// <summary>The subject line.</summary>
    public required string Subject { get; init; }

    /// <summary>The HTML body.</summary>
    public required string Html { get; init; }

    /// <summary>The plain-text body.</summary>
    public required string Text { get; init; }

    /// <summary>Where it stands.</summary>
    public MailStatus Status { get; init; }

    /// <summary>How many times SendGrid was asked.</summary>
    public int Attempts { get; init; }

    /// <summary>SendGrid's X-Message-Id once accepted.</summary>
    public string? SendGridMessageId { get; init; }

    /// <summary>What went wrong last, if anything.</summary>
    public string? LastError { get; init; }

    /// <summary>When it was written.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When SendGrid accepted it.</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>The sweeper leaves it alone until then: its creation, or after a 429/5xx a backoff that grows with each attempt.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Until when a sender holds it (status <see cref="MailStatus.Sending"/>).</summary>
    public DateTimeOffset? ClaimedUntil { get; init; }

    /// <summary>The sender holding it (<see cref="MailClaimant"/>), so a claim left by a dead process can be taken at once.</summary>
    public string? ClaimedBy { get; init; }

    /// <summary>The task it is about, if any (for a digest, the task whose reminder wrote it).</summary>
    public string? TaskId { get; init; }

    /// <summary>
    /// Every task a digest reminds of (listed or counted), so each task's reminders can be counted; null for a mail
    /// about one task.
    /// </summary>
    public IReadOnlyList<string>? TaskIds { get; init; }
}
