using System.Collections.Concurrent;

namespace EduFlows.Notifications;

/// <summary>The mail the Development SendGrid endpoint received, newest first, kept in memory (the last 500).</summary>
public sealed class DevMailbox
{
    private const int Capacity = 500;
    private readonly ConcurrentQueue<DevMail> _mail = new();

    /// <summary>Every message received, newest first.</summary>
    public IReadOnlyList<DevMail> All => [.. _mail.Reverse()];

    /// <summary>Keeps a received message.</summary>
    public void Add(DevMail mail)
    {
        _mail.Enqueue(mail);
        while (_mail.Count > Capacity && _mail.TryDequeue(out _))
        {
        }
    }

    /// <summary>One message by its X-Message-Id.</summary>
    public DevMail? Find(string id) => _mail.FirstOrDefault(m => m.Id == id);
}

/// <summary>A message as the dev SendGrid endpoint received it.</summary>
/// <param name="Id">The X-Message-Id it answered with.</param>
/// <param name="ReceivedAt">When.</param>
/// <param name="From">The sender address.</param>
/// <param name="To">The recipients.</param>
/// <param name="Subject">The subject.</param>
/// <param name="Text">The text/plain content, if any.</param>
/// <param name="Html">The text/html content, if any.</param>
/// <param name="SandboxMode">Whether sandbox mode was on.</param>
/// <param name="OutboxId">The outbox id passed in custom_args.</param>
public sealed record DevMail(string Id, DateTimeOffset ReceivedAt, string From, IReadOnlyList<string> To, string Subject, string? Text, string? Html, bool SandboxMode, string? OutboxId);
