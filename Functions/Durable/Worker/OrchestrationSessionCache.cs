using System.Collections.Concurrent;
using EduFlows.Durable.History;

namespace EduFlows.Durable.Worker;

/// <summary>Keeps the live orchestrator of recently active instances, so a new event does not replay the whole history.</summary>
/// <remarks>
/// A session is used only when it matches the stored history exactly (same execution, same event count, the very same
/// last event object, no stray continuation since its last step); anything
/// else (another worker moved the instance on, a commit failed) falls back to replay, which is always correct.
/// </remarks>
internal sealed class OrchestrationSessionCache(int capacity)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public ReplayOrchestrationContext? Take(string instanceId, string executionId, IReadOnlyList<HistoryEvent> history)
    {
        if (_entries.TryRemove(instanceId, out var entry)
            && entry.ExecutionId == executionId
            && entry.HistoryCount == history.Count
            && history.Count > 0
            && ReferenceEquals(entry.LastEvent, history[^1])
            && !entry.Context.IsTainted)
        {
            return entry.Context;
        }

        entry?.Context.Close();
        return null;
    }

    public void Put(string instanceId, string executionId, int historyCount, HistoryEvent lastEvent, ReplayOrchestrationContext context)
    {
        if (capacity <= 0)
        {
            context.Close();
            return;
        }

        if (_entries.Count >= capacity)
        {
            // Evict an arbitrary entry: it only costs that instance one replay.
            foreach (var key in _entries.Keys)
            {
                if (_entries.TryRemove(key, out var evicted))
                {
                    evicted.Context.Close();
                    break;
                }
            }
        }

        _entries[instanceId] = new Entry(executionId, historyCount, lastEvent, context);
    }

    public void Clear()
    {
        foreach (var key in _entries.Keys)
        {
            if (_entries.TryRemove(key, out var entry))
            {
                entry.Context.Close();
            }
        }
    }

    /// <summary>Forgets an instance's session.</summary>
    public void Drop(string instanceId)
    {
        if (_entries.TryRemove(instanceId, out var entry))
        {
            entry.Context.Close();
        }
    }

    private sealed record Entry(string ExecutionId, int HistoryCount, HistoryEvent LastEvent, ReplayOrchestrationContext Context);
}
