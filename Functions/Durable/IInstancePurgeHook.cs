using Microsoft.DurableTask.Client;

namespace EduFlows.Durable;

/// <summary>
/// What a process must learn from a finished instance before <see cref="InstanceRetention"/> purges it: the purge
/// removes the history, status and output for good, so a process that reads its end from there (a terminated
/// instance's reason, say) records it here first.
/// </summary>
public interface IInstancePurgeHook
{
    /// <summary>Called for each finished instance about to be purged; false (or a throw) keeps it until the next night.</summary>
    /// <param name="client">The durable client the purge runs on, the instance still readable through it.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancelled when the timer is stopped.</param>
    Task<bool> BeforePurgeAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken);
}
