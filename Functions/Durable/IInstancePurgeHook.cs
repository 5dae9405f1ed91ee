using Microsoft.DurableTask.Client;

namespace EduFlows.Durable;

/// <summary>
/// What a process must learn from a finished instance before anyone purges it (the nightly <see cref="InstanceRetention"/>,
/// the office's 清除, the Durable management API, all through <see cref="InstancePurges"/>): the purge
/// removes the history, status and output for good, so a process that reads its end from there (a terminated
/// instance's reason, say) records it here first.
/// </summary>
public interface IInstancePurgeHook
{
    /// <summary>Called for each finished instance about to be purged; false (or a throw) keeps it: the nightly purge tries again the next night, a purge by hand is refused.</summary>
    /// <param name="client">The durable client the purge runs on, the instance still readable through it.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancelled when the timer is stopped or the caller goes away.</param>
    Task<bool> BeforePurgeAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken);
}
