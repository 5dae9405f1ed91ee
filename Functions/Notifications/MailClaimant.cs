using System.Globalization;

namespace EduFlows.Notifications;

/// <summary>
/// Who holds a send claim on an outbox message: machine, process id and process start time. A sender that finds a
/// claim whose holder is provably dead (same machine, and its process id no longer runs or runs a process started at
/// another time) takes the message at once instead of waiting for the claim to run out, so a host restarted after a
/// kill -9 goes on sending within seconds. A live holder's claim, or one from another machine, is left to expire.
/// </summary>
public static class MailClaimant
{
    /// <summary>This process, as it signs its claims.</summary>
    public static string Current { get; } = Of(Environment.MachineName, Environment.ProcessId, LocalProcess.CurrentStart);

    /// <summary>A claimant as written in <see cref="OutboxMessage.ClaimedBy"/>.</summary>
    public static string Of(string machine, int processId, DateTimeOffset processStart) =>
        string.Create(CultureInfo.InvariantCulture, $"{machine}/{processId}/{processStart.UtcTicks}");

    /// <summary>
    /// True when the claimant is a process of this machine that has died: only then may its claim be taken before it
    /// expires. Unknown (null, unreadable, another machine, this very process) is never dead.
    /// </summary>
    public static bool IsProvablyDead(string? claimedBy)
    {
        if (claimedBy is null || claimedBy == Current)
        {
            return false;
        }

        // The same check as a lease claim's holder gets (LocalProcess, shared with the orchestration provider).
        string[] parts = claimedBy.Split('/');
        return parts.Length == 3
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int processId)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out long startTicks)
            && LocalProcess.IsProvablyDead(parts[0], processId, new DateTimeOffset(startTicks, TimeSpan.Zero));
    }
}
