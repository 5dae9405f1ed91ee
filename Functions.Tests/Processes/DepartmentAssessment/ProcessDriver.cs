using EduFlows.DurableTask.Tests;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask;
using DurableTask.Core.History;
using EduFlows.Tasks;
using EduFlows.Tests.Tasks;

namespace EduFlows.Tests.Processes.DepartmentAssessment;

/// <summary>
/// Drives many orchestrations under the fake clock, as people and time would: whenever nothing is in flight it
/// answers the open tasks a script wants answered, and when there is nothing to answer it moves the clock to the
/// next timer of any running instance.
/// </summary>
public sealed class ProcessDriver(TaskHarness harness, Func<StaffTask, Dictionary<string, string?>?> answer, Func<StaffTask, Task>? afterAnswer = null, TimeSpan? busyFor = null)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(15);
    // A timer created and cancelled in the same step is never sent, so it never fires: a due timer counts as in
    // flight only this long after the clock moved.
    private static readonly TimeSpan TimerGrace = TimeSpan.FromMilliseconds(500);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private DateTime _clockMovedAt = DateTime.UtcNow;

    /// <summary>Every task the driver saw open, in order.</summary>
    public List<StaffTask> Seen { get; } = [];

    /// <summary>Runs until <paramref name="done"/> holds (checked whenever all is quiet), moving time and answering tasks.</summary>
    public async Task RunUntilAsync(Func<Task<bool>> done, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var running = await QuietAsync(cts.Token);
            if (await AnswerOpenTasksAsync(cts.Token))
            {
                continue;
            }

            if (await done())
            {
                return;
            }

            var now = harness.Time.GetUtcNow();
            var next = running.SelectMany(r => UnfiredTimers(r.History)).Where(t => t > now).Order().FirstOrDefault();
            if (next == default)
            {
                throw new InvalidOperationException($"Nothing is waiting for a timer at {now:O} and the run is not done.");
            }

            harness.Time.SetUtcNow(next);
            _clockMovedAt = DateTime.UtcNow;
        }
    }

    private async Task<bool> AnswerOpenTasksAsync(CancellationToken ct)
    {
        bool acted = false;
        foreach (var task in (await harness.Tasks.AllOpenAsync(ct)).OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            if (!_seen.Add(task.Id))
            {
                continue;
            }

            Seen.Add(task);
            if (answer(task) is { } values)
            {
                var outcome = await harness.Desk.SubmitAsync(harness.Host.Client, task.Id, task.AssigneeId, values, ct);
                Assert.True(outcome.Result == SubmitResult.Accepted, $"{task.Id}: {outcome.Result} {string.Join(", ", outcome.Errors.Select(e => e.Field + " " + e.Reason))}");
                await harness.Host.WaitForHistoryAsync(task.InstanceId, h => h.OfType<EventRaisedEvent>().Any(e => e.Name == task.EventName));
                if (afterAnswer is not null)
                {
                    await afterAnswer(task);
                }

                acted = true;
            }
        }

        return acted;
    }

    // Quiet: no activity, due timer, new instance or finished child waiting to be taken in, and no history growing.
    private async Task<List<(OrchestrationMetadata Meta, IReadOnlyList<HistoryEvent> History)>> QuietAsync(CancellationToken ct)
    {
        int stable = 0;
        int lastCount = -1;
        var since = DateTime.UtcNow;
        while (true)
        {
            var reasons = new List<string>();
            var now = harness.Time.GetUtcNow();
            var page = await harness.Host.Client.GetPageAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending], PageSize = 1000 });
            var running = new List<(OrchestrationMetadata, IReadOnlyList<HistoryEvent>)>();
            bool busy;
            foreach (var meta in page.Instances)
            {
                IReadOnlyList<HistoryEvent> history = [.. await harness.Host.Client.GetOrchestrationHistoryAsync(meta.InstanceId, ct)];
                running.Add((meta, history));
                var completed = history.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId).Concat(history.OfType<TaskFailedEvent>().Select(e => e.TaskScheduledId)).ToHashSet();
                var childrenDone = history.OfType<SubOrchestrationInstanceCompletedEvent>().Select(e => e.TaskScheduledId).Concat(history.OfType<SubOrchestrationInstanceFailedEvent>().Select(e => e.TaskScheduledId)).ToHashSet();
                if (meta.RuntimeStatus == OrchestrationRuntimeStatus.Pending || history.Count == 0)
                {
                    reasons.Add($"{meta.InstanceId} not started");
                }

                reasons.AddRange(history.OfType<TaskScheduledEvent>().Where(e => !completed.Contains(e.EventId)).Select(e => $"{meta.InstanceId} runs {e.Name}"));
                if (DateTime.UtcNow - _clockMovedAt < TimerGrace)
                {
                    reasons.AddRange(UnfiredTimers(history).Where(t => t <= now).Select(t => $"{meta.InstanceId} timer {t:O} due"));
                }
                foreach (var child in history.OfType<SubOrchestrationInstanceCreatedEvent>().Where(c => !childrenDone.Contains(c.EventId)))
                {
                    if (await harness.Host.Client.GetInstanceAsync(child.InstanceId, cancellation: ct) is not { IsCompleted: false })
                    {
                        reasons.Add($"{meta.InstanceId} child {child.InstanceId} not taken in");
                    }
                }
            }

            busy = reasons.Count > 0;
            // At the county's size a step can keep a hundred activities busy; a test driving that scale may wait longer.
            if (busy && DateTime.UtcNow - since > (busyFor ?? TimeSpan.FromSeconds(20)))
            {
                throw new TimeoutException($"Not quiet at {now:O} after {(busyFor ?? TimeSpan.FromSeconds(20)).TotalSeconds} s: {string.Join("; ", reasons.Take(10))}");
            }

            int count = running.Sum(r => r.Item2.Count);
            stable = !busy && count == lastCount ? stable + 1 : 0;
            lastCount = count;
            if (stable >= 3)
            {
                return running;
            }

            await Task.Delay(Poll, ct);
        }
    }

    private static IEnumerable<DateTimeOffset> UnfiredTimers(IReadOnlyList<HistoryEvent> history)
    {
        var fired = history.OfType<TimerFiredEvent>().Select(t => t.TimerId).ToHashSet();
        return history.OfType<TimerCreatedEvent>().Where(t => !fired.Contains(t.EventId)).Select(t => new DateTimeOffset(DateTime.SpecifyKind(t.FireAt, DateTimeKind.Utc)));
    }
}
