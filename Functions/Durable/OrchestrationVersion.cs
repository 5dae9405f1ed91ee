namespace EduFlows.Durable;

/// <summary>
/// The version new instances of a versioned orchestration start at. A restart by hand runs at it too
/// (<see cref="InstanceRestarts"/>), not at the version the ended instance recorded: that path may be kept only for
/// instances already running, and a run started again is a new run.
/// </summary>
/// <param name="Name">The orchestration's name.</param>
/// <param name="Version">Its current version.</param>
public sealed record OrchestrationVersion(string Name, string Version);
