using Microsoft.DurableTask.Client;

namespace EduFlows.Durable;

/// <summary>
/// A process whose instances are not restarted the generic way (the instance's recorded input and version again): the
/// office's 重新启动 and the Durable management API's <c>restart</c> ask each hook first, through <see cref="InstanceRestarts"/>.
/// </summary>
public interface IInstanceRestartHook
{
    /// <summary>Why any restart of <paramref name="instance"/>, ended, would be refused, when it is this hook's and it would (so the office does not offer one); null otherwise.</summary>
    /// <param name="instance">The ended instance, read with or without its input.</param>
    InstanceRestart? RefusalOf(OrchestrationMetadata instance);

    /// <summary>Restarts <paramref name="instance"/> its process's own way, or refuses; null when the instance is not this hook's (the generic restart applies).</summary>
    /// <param name="client">The durable client the restart runs on.</param>
    /// <param name="instance">The instance to restart, read with its input.</param>
    /// <param name="newInstanceId">True when a new instance id was asked for.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    Task<InstanceRestart?> RestartAsync(DurableTaskClient client, OrchestrationMetadata instance, bool newInstanceId, CancellationToken cancellationToken);
}
