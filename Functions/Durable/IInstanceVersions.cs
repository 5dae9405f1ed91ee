using Microsoft.DurableTask.Client;

namespace EduFlows.Durable;

/// <summary>
/// The version an instance was started with, for lists of instances. The SDK's <see cref="OrchestrationMetadata"/>
/// (1.28) carries none, so the host whose client knows it (the local host) provides this; without it lists leave the
/// version empty and only an instance's own page (read from its history) shows it.
/// </summary>
public interface IInstanceVersions
{
    /// <summary>The instance's version; empty for an unversioned one, or when the client did not say.</summary>
    string VersionOf(OrchestrationMetadata instance);
}
