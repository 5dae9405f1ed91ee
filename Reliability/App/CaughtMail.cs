namespace EduFlows.Reliability.App;

/// <summary>One mail the app handed to SendGrid (the catcher), with the outbox id the app tags every message with.</summary>
public sealed record CaughtMail(DateTimeOffset ReceivedAt, string? OutboxId, IReadOnlyList<string> To, string Subject, string Text, string Html);
