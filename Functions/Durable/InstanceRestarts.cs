using Microsoft.DurableTask.Client;

namespace EduFlows.Durable;

/// <summary>
/// Every restart by hand asks here (the office's 重新启动, the Durable management API's <c>restart</c>): an instance of a
/// process with an <see cref="IInstanceRestartHook"/> restarts its process's own way or is refused; any other, the
/// generic way (<see cref="DurableTaskClient.RestartAsync"/>: its recorded input and version).
/// </summary>
public sealed class InstanceRestarts(IEnumerable<IInstanceRestartHook> hooks)
{
    /// <summary>Why any restart of <paramref name="instance"/>, ended, would be refused by its process (<see cref="IInstanceRestartHook.RefusalOf"/>); null when one is offered.</summary>
    /// <param name="instance">The ended instance.</param>
    public InstanceRestart? RefusalOf(OrchestrationMetadata instance) => hooks.Select(hook => hook.RefusalOf(instance)).FirstOrDefault(refusal => refusal is not null);

    /// <summary>Restarts the instance, or says why not.</summary>
    /// <param name="client">The durable client the restart runs on.</param>
    /// <param name="instanceId">The finished instance.</param>
    /// <param name="newInstanceId">True to restart under a new instance id.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    /// <remarks>What the generic restart throws (no instance with the id, one with the id still active) is thrown as it is.</remarks>
    public async Task<InstanceRestart> RestartAsync(DurableTaskClient client, string instanceId, bool newInstanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false) is { } instance)
        {
            foreach (var hook in hooks)
            {
                if (await hook.RestartAsync(client, instance, newInstanceId, cancellationToken).ConfigureAwait(false) is { } restarted)
                {
                    return restarted;
                }
            }
        }

        return InstanceRestart.Started(await client.RestartAsync(instanceId, newInstanceId, cancellationToken).ConfigureAwait(false));
    }
}
