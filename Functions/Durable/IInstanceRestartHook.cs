using Microsoft.DurableTask.Client;

namespace EduFlows.Durable;

/// <summary>
/// A process whose instances are not restarted the generic way (the instance's recorded input again): the office's
/// 重新启动 and the Durable management API's <c>restart</c> ask each hook first, through <see cref="InstanceRestarts"/>.
/// A hook holds the process's policy (what is refused, the input a new run starts with); the version a restart runs at
/// is <see cref="InstanceRestarts"/>'s to say, for every versioned orchestration alike.
/// </summary>
public interface IInstanceRestartHook
{
    /// <summary>Why any restart of <paramref name="instance"/>, ended, would be refused, when it is this hook's and it would (so the office does not offer one); null otherwise.</summary>
    /// <param name="instance">The ended instance, read with or without its input.</param>
    InstanceRestart? RefusalOf(OrchestrationMetadata instance);

    /// <summary>Restarts <paramref name="instance"/> its process's own way, or refuses; null when the instance is not this hook's (the generic restart applies).</summary>
    /// <param name="client">The durable client the restart runs on.</param>
    /// <param name="instance">The instance to restart, read with its input (once, for every hook: a hook does not read it again).</param>
    /// <param name="version">The version the restart runs at (its orchestration's current version); null when it is not versioned.</param>
    /// <param name="newInstanceId">True when a new instance id was asked for.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    Task<InstanceRestart?> RestartAsync(DurableTaskClient client, OrchestrationMetadata instance, string? version, bool newInstanceId, CancellationToken cancellationToken);
}
