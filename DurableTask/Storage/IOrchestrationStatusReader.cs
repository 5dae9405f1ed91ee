using DurableTask.Core;

namespace EduFlows.DurableTask.Storage;

/// <summary>A provider that tells whether an instance is still running from its authoritative record alone.</summary>
/// <remarks>
/// For the client's checks before raising an event, terminating, suspending or resuming: they need the status only,
/// not the instance's metadata nor the upkeep a full read does (one storage request instead of two or three).
/// </remarks>
public interface IOrchestrationStatusReader
{
    /// <summary>The instance's status, or <see langword="null"/> when it does not exist.</summary>
    Task<OrchestrationStatus?> GetStatusAsync(string instanceId, CancellationToken cancellationToken);
}
