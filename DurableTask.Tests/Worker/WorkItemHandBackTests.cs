using DurableTask.Core;
using DurableTask.Core.History;
using EduFlows.DurableTask.Storage;
using EduFlows.DurableTask.Storage.InMemory;

namespace EduFlows.DurableTask.Tests.Worker;

/// <summary>
/// A work item the provider locked must always go back to the engine unless its step commits: when the fetch itself fails
/// before a dispatcher holds it, and when a stopping dispatcher releases it unprocessed. Otherwise the instance stays
/// locked for the life of the process and a worker started again in it never runs that instance: a silent hang.
/// </summary>
public sealed class WorkItemHandBackTests
{
    private static readonly TimeSpan Receive = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task FetchFailingBeforeTheDispatcherHoldsIt_HandsTheInstanceBack_AndItsStartRunsLater()
    {
        int failures = 0;
        var backend = new HookedBackend(new InMemoryOrchestrationBackend(TimeProvider.System))
        {
            // The step a fetch commits on its own (nothing for the orchestrator) fails once, as storage may.
            BeforeComplete = (_, step) => step.State is null && Interlocked.Increment(ref failures) == 1
                ? throw new IOException("storage unreachable")
                : Task.CompletedTask,
        };
        var service = new EduFlowsOrchestrationService(backend, TimeProvider.System);

        // An event for an id that does not exist yet is dropped by a step that runs nothing.
        await service.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            Event = new EventRaisedEvent(-1, "1") { Name = "early" },
            OrchestrationInstance = new OrchestrationInstance { InstanceId = "late-start" },
        });
        await Assert.ThrowsAsync<IOException>(() => service.LockNextTaskOrchestrationWorkItemAsync(Receive, CancellationToken.None));

        await service.CreateTaskOrchestrationAsync(StartMessage("late-start"));
        var started = await NextStartAsync(service);

        Assert.NotNull(started);
        Assert.Equal("late-start", started.InstanceId);
    }

    [Fact]
    public async Task WorkItemReleasedWithoutBeingRun_IsHandedBack_AndTheNextFetchGetsIt()
    {
        var service = new EduFlowsOrchestrationService(new InMemoryOrchestrationBackend(TimeProvider.System), TimeProvider.System);
        await service.CreateTaskOrchestrationAsync(StartMessage("released"));
        var first = await service.LockNextTaskOrchestrationWorkItemAsync(Receive, CancellationToken.None);
        Assert.NotNull(first);

        // What DurableTask.Core's dispatcher does with a work item it fetched while it was being stopped.
        await service.ReleaseTaskOrchestrationWorkItemAsync(first);
        var again = await service.LockNextTaskOrchestrationWorkItemAsync(Receive, CancellationToken.None);

        Assert.NotNull(again);
        Assert.Contains(again.NewMessages, m => m.Event is ExecutionStartedEvent);
    }

    [Fact]
    public async Task WorkItemReleasedAfterItsStepCommitted_IsNotHandedBackAgain()
    {
        var service = new EduFlowsOrchestrationService(new InMemoryOrchestrationBackend(TimeProvider.System), TimeProvider.System);
        await service.CreateTaskOrchestrationAsync(StartMessage("committed"));
        var item = await service.LockNextTaskOrchestrationWorkItemAsync(Receive, CancellationToken.None);
        var started = (ExecutionStartedEvent)item.NewMessages[0].Event;
        var runtime = new OrchestrationRuntimeState();
        runtime.AddEvent(new OrchestratorStartedEvent(-1));
        runtime.AddEvent(started);
        runtime.AddEvent(new ExecutionCompletedEvent(0, "\"done\"", OrchestrationStatus.Completed));
        runtime.AddEvent(new OrchestratorCompletedEvent(-1));
        await service.CompleteTaskOrchestrationWorkItemAsync(item, runtime, [], [], [], null!, null!);

        await service.ReleaseTaskOrchestrationWorkItemAsync(item);

        Assert.Null(await service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromMilliseconds(500), CancellationToken.None));
        Assert.Equal(OrchestrationStatus.Completed, (await service.GetOrchestrationStateAsync("committed", allExecutions: false)).Single().OrchestrationStatus);
    }

    private static async Task<TaskOrchestrationWorkItem?> NextStartAsync(EduFlowsOrchestrationService service)
    {
        // The requeued event may come first, alone, and be dropped again; the start follows.
        for (int i = 0; i < 3; i++)
        {
            var item = await service.LockNextTaskOrchestrationWorkItemAsync(Receive, CancellationToken.None);
            if (item is null || item.NewMessages.Any(m => m.Event is ExecutionStartedEvent))
            {
                return item;
            }
        }

        return null;
    }

    private static TaskMessage StartMessage(string instanceId)
    {
        var instance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = Guid.NewGuid().ToString("N") };
        return new TaskMessage { Event = new ExecutionStartedEvent(-1, null) { Name = "Hello", OrchestrationInstance = instance }, OrchestrationInstance = instance };
    }
}
