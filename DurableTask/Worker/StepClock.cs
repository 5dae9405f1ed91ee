using System.Runtime.CompilerServices;
using DurableTask.Core;
using DurableTask.Core.History;

namespace EduFlows.DurableTask.Worker;

/// <summary>
/// Stamps each step's <see cref="OrchestratorStartedEvent"/> from the app's <see cref="TimeProvider"/>, so
/// <c>CurrentUtcDateTime</c> follows a fake or dev clock instead of the wall clock.
/// </summary>
/// <remarks>
/// The SDK's <c>NewGuid</c> (and so every default sub-orchestration id) hashes the instance id, the step's time and a
/// counter that restarts at 0 in each generation. DurableTask.Core runs a continue-as-new's next generation in the
/// same work item; under a clock that has not moved, both generations would get the same time and the next one's
/// first child would reuse the id of a child of the previous one (and wait behind it if that child still runs).
/// So a generation that follows another in the same work item is stamped at least one tick after it; with a moving
/// clock the stamp is simply the clock's.
/// </remarks>
internal sealed class StepClock(TimeProvider time)
{
    private readonly ConditionalWeakTable<TaskOrchestrationWorkItem, StrongBox<DateTime>> _lastStamp = [];

    public void Stamp(OrchestrationRuntimeState runtime, TaskOrchestrationWorkItem? workItem)
    {
        if (runtime.NewEvents.OfType<OrchestratorStartedEvent>().LastOrDefault() is not { } started)
        {
            return;
        }

        DateTime now = time.GetUtcNow().UtcDateTime;
        if (workItem is not null)
        {
            var last = _lastStamp.GetValue(workItem, _ => new StrongBox<DateTime>(DateTime.MinValue));
            if (now <= last.Value)
            {
                now = last.Value.AddTicks(1);
            }

            last.Value = now;
        }

        started.Timestamp = now;
    }
}
