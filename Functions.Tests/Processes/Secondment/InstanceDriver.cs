using EduFlows.DurableTask;
using DurableTask.Core.History;
using EduFlows.Tasks;
using EduFlows.Tests.Tasks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EduFlows.Tests.Processes.Secondment;

/// <summary>
/// Runs instances to their end on the task harness: answers each open task as the test says (null: leave it
/// unanswered) and, once nothing moves, sets the fake clock to the next timer still ahead. Continue-as-new is followed
/// (the history read is the current execution's). Every history length seen is kept, to show the history stays bounded.
/// </summary>
internal static class InstanceDriver
{
    public static async Task<(OrchestrationMetadata Done, int LongestHistory)> DriveAsync(
        this TaskHarness harness, string instanceId, Func<StaffTask, Dictionary<string, string?>?> answer, IReadOnlyList<string>? others = null)
    {
        var instances = new List<string> { instanceId };
        instances.AddRange(others ?? []);
        var handled = new HashSet<string>(StringComparer.Ordinal);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        int lastEvents = -1, stable = 0, longest = 0;
        while (true)
        {
            bool acted = false;
            foreach (var task in (await harness.Tasks.AllOpenAsync(cts.Token)).OrderBy(t => t.Id, StringComparer.Ordinal))
            {
                if (handled.Add(task.Id) && answer(task) is { } values)
                {
                    var submitted = await harness.Desk.SubmitAsync(harness.Host.Client, task.Id, task.AssigneeId, values, cts.Token);
                    Assert.True(SubmitResult.Accepted == submitted.Result, $"{task.Id}: {submitted.Result}");
                    acted = true;
                }
            }

            if (!acted && await harness.Host.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cts.Token) is { IsCompleted: true } done
                && (await OthersDoneAsync(harness, others, cts.Token)))
            {
                return (done, longest);
            }

            var histories = new List<IReadOnlyList<HistoryEvent>>();
            foreach (string id in instances)
            {
                try
                {
                    histories.Add([.. await harness.Host.Client.GetOrchestrationHistoryAsync(id, cts.Token)]);
                }
                catch (OrchestrationNotFoundException)
                {
                    histories.Add([]);
                }
            }

            longest = Math.Max(longest, histories[0].Count);
            int events = histories.Sum(h => h.Count);
            bool activitiesRunning = histories.Any(h => h.OfType<TaskScheduledEvent>().Count() > h.Count(e => e is TaskCompletedEvent or TaskFailedEvent));
            stable = !acted && !activitiesRunning && events == lastEvents ? stable + 1 : 0;
            lastEvents = events;
            var now = harness.Time.GetUtcNow();
            if (stable >= 4 && histories.SelectMany(OpenTimers).Where(t => t > now).DefaultIfEmpty().Min() is var due && due > now)
            {
                harness.Time.SetUtcNow(due);
                stable = 0;
            }

            try
            {
                await Task.Delay(20, cts.Token);
            }
            catch (OperationCanceledException)
            {
                var meta = await harness.Host.Client.GetInstanceAsync(instanceId);
                throw new TimeoutException($"{instanceId} did not finish; fake time {harness.Time.GetUtcNow():O}; status {meta?.RuntimeStatus}: {meta?.SerializedCustomStatus}");
            }
        }
    }

    private static async Task<bool> OthersDoneAsync(TaskHarness harness, IReadOnlyList<string>? others, CancellationToken cancellationToken)
    {
        foreach (string id in others ?? [])
        {
            if (await harness.Host.Client.GetInstanceAsync(id, cancellation: cancellationToken) is not { IsCompleted: true })
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<DateTimeOffset> OpenTimers(IReadOnlyList<HistoryEvent> history)
    {
        var fired = history.OfType<TimerFiredEvent>().Select(t => t.TimerId).ToHashSet();
        return history.OfType<TimerCreatedEvent>().Where(t => !fired.Contains(t.EventId)).Select(t => new DateTimeOffset(DateTime.SpecifyKind(t.FireAt, DateTimeKind.Utc)));
    }
}
