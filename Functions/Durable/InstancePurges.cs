using Microsoft.DurableTask.Client;

namespace EduFlows.Durable;

/// <summary>
/// Every purge of a finished instance asks here first, whoever purges it (the nightly retention, the office's 清除, the
/// Durable management API): each registered <see cref="IInstancePurgeHook"/> sees the instance while it can still be
/// read, and any of them may keep it. A hook that throws keeps it too (logged as event 3103).
/// </summary>
public sealed partial class InstancePurges(IEnumerable<IInstancePurgeHook> hooks, ILogger<InstancePurges> logger)
{
    /// <summary>
    /// True when the instance may be purged: every hook agreed, or it is not a finished instance (none with the id, or
    /// still active: the purge itself answers those as before). False when a hook keeps it until its process has
    /// recorded its end.
    /// </summary>
    /// <param name="client">The durable client the purge runs on.</param>
    /// <param name="instanceId">The instance about to be purged.</param>
    /// <param name="cancellationToken">Cancels the hooks.</param>
    public async Task<bool> MayPurgeAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(instanceId);
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (instance is not { IsCompleted: true })
        {
            return true;
        }

        foreach (var hook in hooks)
        {
            try
            {
                if (!await hook.BeforePurgeAsync(client, instanceId, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogKept(logger, instanceId, ex);
                return false;
            }
        }

        return true;
    }

    /// <summary>Purges the instance unless a hook keeps it: null when kept, else how many were purged (0 when none has the id).</summary>
    /// <exception cref="InvalidOperationException">When the instance is still active.</exception>
    public async Task<int?> PurgeAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        if (!await MayPurgeAsync(client, instanceId, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return (await client.PurgeInstanceAsync(instanceId, cancellation: cancellationToken).ConfigureAwait(false)).PurgedInstanceCount;
    }

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Kept finished instance {InstanceId} from the purge: its process could not record its end.")]
    private static partial void LogKept(ILogger logger, string instanceId, Exception exception);
}
