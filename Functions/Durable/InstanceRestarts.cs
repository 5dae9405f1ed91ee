using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EduFlows.Durable;

/// <summary>
/// Every restart by hand asks here (the office's 重新启动, the Durable management API's <c>restart</c>): an instance of a
/// process with an <see cref="IInstanceRestartHook"/> restarts its process's own way or is refused; any other starts
/// again with its recorded input. A versioned orchestration (<see cref="OrchestrationVersion"/>) restarts at its current
/// version, whoever starts it; any other through the client's own restart, which starts it at host.json's
/// <c>defaultVersion</c>, not the version it recorded: the Durable extension's in Azure restarts through
/// <c>StartNewAsync</c>, and the local host's client does the same.
/// </summary>
/// <param name="hooks">The processes' own ways to restart.</param>
/// <param name="versions">The current version of each versioned orchestration.</param>
public sealed class InstanceRestarts(IEnumerable<IInstanceRestartHook> hooks, IEnumerable<OrchestrationVersion> versions)
{
    /// <summary>Why any restart of <paramref name="instance"/>, ended, would be refused by its process (<see cref="IInstanceRestartHook.RefusalOf"/>); null when one is offered.</summary>
    /// <param name="instance">The ended instance.</param>
    public InstanceRestart? RefusalOf(OrchestrationMetadata instance) => hooks.Select(hook => hook.RefusalOf(instance)).FirstOrDefault(refusal => refusal is not null);

    /// <summary>The version a restart of <paramref name="orchestration"/> runs at; null when it is not versioned (the client's own restart decides).</summary>
    /// <param name="orchestration">The orchestration's name.</param>
    public string? CurrentVersionOf(string orchestration) =>
        versions.FirstOrDefault(v => string.Equals(v.Name, orchestration, StringComparison.Ordinal))?.Version;

    /// <summary>Restarts the instance, or says why not.</summary>
    /// <param name="client">The durable client the restart runs on.</param>
    /// <param name="instanceId">The finished instance.</param>
    /// <param name="newInstanceId">True to restart under a new instance id.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    /// <remarks>
    /// The instance is read once, and the hooks and the start work from that read. What the client's restart throws
    /// (no instance with the id, one with the id still active) is thrown as it is: those two cases go to the client's
    /// own restart, as does an instance of an orchestration that is not versioned.
    /// </remarks>
    public async Task<InstanceRestart> RestartAsync(DurableTaskClient client, string instanceId, bool newInstanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false) is not { } instance)
        {
            return InstanceRestart.Started(await client.RestartAsync(instanceId, newInstanceId, cancellationToken).ConfigureAwait(false));
        }

        string? current = CurrentVersionOf(instance.Name);
        foreach (var hook in hooks)
        {
            if (await hook.RestartAsync(client, instance, current, newInstanceId, cancellationToken).ConfigureAwait(false) is { } restarted)
            {
                return restarted;
            }
        }

        // Not versioned, or still active under its own id: the client's own restart (and its error).
        if (current is not { } version || (!instance.IsCompleted && !newInstanceId))
        {
            return InstanceRestart.Started(await client.RestartAsync(instanceId, newInstanceId, cancellationToken).ConfigureAwait(false));
        }

        string id = newInstanceId ? Guid.NewGuid().ToString("N") : instance.InstanceId;
        using var input = instance.SerializedInput is { } json ? JsonDocument.Parse(json) : null;
        await client.ScheduleNewOrchestrationInstanceAsync(
            instance.Name, input?.RootElement, new StartOrchestrationOptions(id) { Version = version }, cancellationToken).ConfigureAwait(false);
        return InstanceRestart.Started(id);
    }
}
