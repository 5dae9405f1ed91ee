namespace EduFlows.Notifications;

/// <summary>Where a message of the outbox stands.</summary>
public enum MailStatus
{
    /// <summary>Written, not yet accepted by SendGrid (new, or waiting for a retry).</summary>
    Pending,

    /// <summary>A sender has claimed it and is talking to SendGrid.</summary>
    Sending,

    /// <summary>Accepted by SendGrid (202); never sent again.</summary>
    Sent,

    /// <summary>Refused for good (a 4xx other than 429, or no address): reported, not retried.</summary>
    Failed,
}
