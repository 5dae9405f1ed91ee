using EduFlows.DurableTask;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using EduFlows.DurableTask.Storage;
using DurableTask.Core.History;

namespace EduFlows.DurableTask.Tests.Worker;

/// <summary>Delegates to a backend, with a hook that runs while a step is locked, just before its commit.</summary>
internal sealed class HookedBackend(IOrchestrationBackend inner) : IOrchestrationBackend
{
    public Func<OrchestrationWorkItem, OrchestrationStep, Task>? BeforeComplete { get; set; }

    public Task CreateInstanceAsync(OrchestrationInstanceState s, OrchestrationMessage m, CancellationToken c) => inner.CreateInstanceAsync(s, m, c);
    public Task SendMessageAsync(OrchestrationMessage m, CancellationToken c) => inner.SendMessageAsync(m, c);
    public Task<OrchestrationInstanceState?> GetStateAsync(string id, CancellationToken c) => inner.GetStateAsync(id, c);
    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string id, CancellationToken c) => inner.GetHistoryAsync(id, c);
    public Task<InstancePage> QueryAsync(InstanceQuery q, CancellationToken c) => inner.QueryAsync(q, c);
    public Task<int> PurgeAsync(string id, CancellationToken c) => inner.PurgeAsync(id, c);
    public Task<OrchestrationWorkItem?> LockNextOrchestrationAsync(CancellationToken c) => inner.LockNextOrchestrationAsync(c);
    public async Task CompleteOrchestrationAsync(OrchestrationWorkItem w, OrchestrationStep s, CancellationToken c)
    {
        if (BeforeComplete is { } hook)
        {
            await hook(w, s);
        }

        await inner.CompleteOrchestrationAsync(w, s, c);
    }
    public Task AbandonOrchestrationAsync(OrchestrationWorkItem w, CancellationToken c) => inner.AbandonOrchestrationAsync(w, c);
    public Task<ActivityWorkItem?> LockNextActivityAsync(CancellationToken c) => inner.LockNextActivityAsync(c);
    public Task CompleteActivityAsync(ActivityWorkItem w, OrchestrationMessage r, CancellationToken c) => inner.CompleteActivityAsync(w, r, c);
    public Task AbandonActivityAsync(ActivityWorkItem w, CancellationToken c) => inner.AbandonActivityAsync(w, c);
}
