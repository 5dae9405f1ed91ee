using DurableTask.Core.History;

namespace EduFlows.Workbench;

/// <summary>A running instance's next durable timer, as the office home shows it.</summary>
/// <param name="FiresAt">When it fires, in the bureau's offset.</param>
/// <param name="At">The same in bureau time ("2026-09-08 17:00").</param>
/// <param name="WaitsFor">What it waits for, in the page's language: as the instance published it, or (read from its history) when its open tasks tell (a task's due time); empty otherwise.</param>
public sealed record InstanceTimer(DateTimeOffset FiresAt, string At, string WaitsFor)
{
    /// <summary>
    /// The earliest fire time among the timers of the instance's current execution that were created and have not fired;
    /// null when none is pending.
    /// </summary>
    /// <remarks>
    /// History keeps no record of a timer the orchestration stopped waiting for (a cancelled one stays pending until its time
    /// passes), and on the AzureStorage provider a timer longer than six days is cut into pieces: there the piece's end shows.
    /// </remarks>
    public static DateTime? Pending(IEnumerable<HistoryEvent> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var created = new Dictionary<int, DateTime>();
        var fired = new HashSet<int>();
        foreach (var e in history)
        {
            switch (e)
            {
                case ExecutionStartedEvent:
                    // A continued-as-new instance starts afresh: the timers of an earlier execution are not its own.
                    created.Clear();
                    fired.Clear();
                    break;
                case TimerCreatedEvent timer:
                    created[timer.EventId] = DateTime.SpecifyKind(timer.FireAt, DateTimeKind.Utc);
                    break;
                case TimerFiredEvent done:
                    fired.Add(done.TimerId);
                    break;
            }
        }

        var pending = created.Where(t => !fired.Contains(t.Key)).Select(t => t.Value).ToList();
        return pending.Count == 0 ? null : pending.Min();
    }
}
