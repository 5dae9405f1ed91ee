using System.Collections.Concurrent;

namespace EduFlows.Durable.Worker;

/// <summary>Keeps the live orchestrator of recently active instances, so a new event does not replay the whole history.</summary>
/// <remarks>
/// A session is used only when it matches the stored history exactly (same execution, same event count); anything
/// else (another worker moved the instance on, a commit failed) falls back to replay, which is always correct.
/// </remarks>
internal sealed class OrchestrationSessionCache(int capacity)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public ReplayOrchestrationContext? Take(string instanceId, string executionId, int historyCount)
    {
        if (_entries.TryRemove(instanceId, out var entry) && entry.ExecutionId == executionId && entry.HistoryCount == historyCount)
        {
            return entry.Context;
        }

        entry?.Context.Close();
        return null;
    }

    public void Put(string instanceId, string executionId, int historyCount, ReplayOrchestrationContext context)
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

        _entries[instanceId] = new Entry(executionId, historyCount, context);
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

    private sealed record Entry(string ExecutionId, int HistoryCount, ReplayOrchestrationContext Context);
}
