namespace EduFlows.DurableTask.Client;

/// <summary>The version <see cref="TaskHubDurableTaskClient.RestartAsync"/> starts an instance's new run at.</summary>
/// <remarks>
/// Microsoft's clients differ here, each on its own layer: the Durable Task SDK's in-process test host restarts at the
/// version the instance recorded (its sidecar's <c>RestartInstance</c>), while the Durable Functions extension restarts
/// through <c>StartNewAsync</c>, which starts at host.json's <c>defaultVersion</c>, for the HTTP management API's
/// <c>restart</c> and for an isolated worker's <c>DurableTaskClient.RestartAsync</c> alike (gRPC <c>RestartInstance</c>
/// calls the same restart).
/// </remarks>
public enum RestartVersion
{
    /// <summary>The version the instance recorded, as the Durable Task SDK's own host restarts.</summary>
    Recorded,

    /// <summary>The client's default version (host.json <c>defaultVersion</c>), as the Durable Functions extension restarts.</summary>
    Default,
}
