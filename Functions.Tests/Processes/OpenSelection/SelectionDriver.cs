using DurableTask.Core.History;
using EduFlows.DurableTask;
using EduFlows.Processes.OpenSelection;
using EduFlows.Tasks;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EduFlows.Tests.Processes.OpenSelection;

/// <summary>
/// Drives one selection's orchestration under the fake clock as people and time would: when it is quiet, answers the
/// open tasks a script wants answered, lets the script act, and else moves the clock to its next timer and waits until
/// the timer has been taken in (on a loaded machine that can take seconds, so it waits for the history, not a grace time).
/// </summary>
internal sealed class SelectionDriver(TaskHarness harness, string selectionId, Func<StaffTask, Dictionary<string, string?>?> answer, Func<StaffTask, Task>? afterAnswer = null)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly string _instanceId = OpenSelectionOrchestration.InstanceIdOf(selectionId);

    /// <summary>Every task the driver saw open, in order.</summary>
    public List<StaffTask> Seen { get; } = [];

    /// <summary>Runs until the orchestration has ended, giving <paramref name="step"/> its turn whenever all is quiet.</summary>
    /// <param name="step">The script's turn; true when it raised an event the orchestration takes in before the next look.</param>
    /// <param name="timeout">How long the whole run may take (real time).</param>
    public async Task RunAsync(Func<Task<bool>> step, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var history = await QuietAsync(cts.Token);
            if (await harness.Host.Client.GetInstanceAsync(_instanceId, cts.Token) is { IsCompleted: true })
            {
                return;
            }

            if (await AnswerOpenTasksAsync(cts.Token))
            {
                continue;
            }

            if (await step())
            {
                // The event is in the history once taken in; until then the run only looks quiet.
                while ((await HistoryAsync(cts.Token)).Count == history.Count)
                {
                    await Task.Delay(Poll, cts.Token);
                }

                continue;
            }

            var now = harness.Time.GetUtcNow();
            var fired = history.OfType<TimerFiredEvent>().Select(t => t.TimerId).ToHashSet();
            var next = history.OfType<TimerCreatedEvent>().Where(t => !fired.Contains(t.EventId))
                .Select(t => new DateTimeOffset(DateTime.SpecifyKind(t.FireAt, DateTimeKind.Utc))).Where(t => t > now).Order().FirstOrDefault();
            if (next == default)
            {
                // Nothing ahead: the script may have acted without the history showing it yet; look again once quiet.
                await Task.Delay(Poll * 10, cts.Token);
                continue;
            }

            harness.Time.SetUtcNow(next);
            // The timer is taken in when the history grows; a cancelled timer never fires, so give up waiting after a while.
            var waitUntil = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (DateTime.UtcNow < waitUntil && (await HistoryAsync(cts.Token)).Count == history.Count)
            {
                await Task.Delay(Poll, cts.Token);
            }
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
                if (afterAnswer is not null)
                {
                    await afterAnswer(task);
                }

                acted = true;
            }
        }

        if (acted)
        {
            // Every answer taken in before the next look (each is an event in the history).
            await harness.Host.WaitForHistoryAsync(_instanceId, h => Seen.Where(t => t.InstanceId == _instanceId && answer(t) is not null).All(t => h.OfType<EventRaisedEvent>().Any(e => e.Name == t.EventName)));
        }

        return acted;
    }

    // Quiet: every activity scheduled has completed and the history has not grown for a few looks.
    private async Task<IReadOnlyList<HistoryEvent>> QuietAsync(CancellationToken ct)
    {
        int stable = 0;
        int last = -1;
        while (true)
        {
            var history = await HistoryAsync(ct);
            var completed = history.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId).Concat(history.OfType<TaskFailedEvent>().Select(e => e.TaskScheduledId)).ToHashSet();
            bool busy = history.Count == 0 || history.OfType<TaskScheduledEvent>().Any(e => !completed.Contains(e.EventId));
            stable = !busy && history.Count == last ? stable + 1 : 0;
            last = history.Count;
            if (stable >= 4)
            {
                return history;
            }

            await Task.Delay(Poll, ct);
        }
    }

    private async Task<IReadOnlyList<HistoryEvent>> HistoryAsync(CancellationToken ct)
    {
        try
        {
            return [.. await harness.Host.Client.GetOrchestrationHistoryAsync(_instanceId, ct)];
        }
        catch (OrchestrationNotFoundException)
        {
            return [];
        }
    }
}
