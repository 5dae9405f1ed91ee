namespace EduFlows.Hosting;

/// <summary>
/// What the host running the app can say about itself for the health report: the durable partitions it owns and the
/// timers it schedules. The local host provides it; Azure's host keeps both to itself, so there the report leaves
/// them empty.
/// </summary>
public interface IHostStatus
{
    /// <summary>Control-queue partitions this host owns (our storage provider only).</summary>
    IReadOnlyList<int> PartitionsOwned { get; }

    /// <summary>The timer functions this host schedules, with their next occurrence after <paramref name="now"/>.</summary>
    IReadOnlyList<TimerReport> Timers(DateTimeOffset now);
}

/// <summary>A scheduled timer function.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Schedule">Its schedule and zone.</param>
/// <param name="NextOccurrence">When it next runs.</param>
public sealed record TimerReport(string Name, string Schedule, DateTimeOffset NextOccurrence);
