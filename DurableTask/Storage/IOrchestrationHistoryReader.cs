using DurableTask.Core.History;

namespace EduFlows.DurableTask.Storage;

/// <summary>A provider that reads an instance's history as typed events, so the client need not parse its JSON form.</summary>
public interface IOrchestrationHistoryReader
{
    /// <summary>The current execution's history, oldest first; empty when the instance is unknown.</summary>
    Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken);
}
