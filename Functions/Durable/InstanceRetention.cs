using System.Globalization;
using EduFlows.Triggers.Timers;
using Microsoft.DurableTask.Client;

namespace EduFlows.Durable;

/// <summary>
/// Every night at 03:30 (bureau time), finished instances (completed, failed, terminated) whose last change is older
/// than the retention period are purged through the durable client, so the task hub's history does not grow for
/// ever. A process's results live in its own tables (tasks, receipts, reviews, year results), which a purge never
/// touches. The period is the app setting <c>InstanceRetention:Days</c> (<c>InstanceRetention__Days</c>; default 90,
/// 0 keeps everything). The same night prunes the timers' records of occurrences run before the period (one a run,
/// in <c>{hub}Schedules</c>), where the host keeps them. Each instance goes through <see cref="InstancePurges"/>, as
/// every other purge does: a process's <see cref="IInstancePurgeHook"/> sees it first and may keep it for the next night.
/// </summary>
public sealed partial class InstanceRetention(IConfiguration configuration, TimeProvider time, ILogger<InstanceRetention> logger, ITimerSchedules? schedules = null, InstancePurges? purges = null)
{
    /// <summary>The timer's name.</summary>
    public const string Name = "PurgeFinishedInstances";

    /// <summary>The setting naming the retention period in days.</summary>
    public const string Setting = "InstanceRetention:Days";

    /// <summary>The retention period when the setting is absent.</summary>
    public const int DefaultDays = 90;

    /// <summary>The timer function.</summary>
    [Function(Name)]
    public async Task RunAsync([TimerTrigger("0 30 3 * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        await PurgeAsync(client, cancellationToken).ConfigureAwait(false);
        await PruneTimerRunsAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Prunes the timers' records of occurrences before the retention period (none without the host's timer controls,
    /// as on Azure); the pause, overlap policy and last run stay, and nothing pruned can run again. Returns how many.
    /// </summary>
    public async Task<int> PruneTimerRunsAsync(CancellationToken cancellationToken)
    {
        int days = Days;
        if (days == 0 || schedules is null)
        {
            return 0;
        }

        int pruned = await schedules.PruneRunsAsync(time.GetUtcNow() - TimeSpan.FromDays(days), cancellationToken).ConfigureAwait(false);
        LogPrunedRuns(logger, pruned, days);
        return pruned;
    }

    /// <summary>The retention period, in days, read from <see cref="Setting"/>.</summary>
    /// <exception cref="InvalidOperationException">When the setting is not a whole number from 0 to 3650, naming it.</exception>
    public int Days => configuration[Setting] is not { } text
        ? DefaultDays
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int days) && days <= 3650
            ? days
            : throw new InvalidOperationException($"{Setting} (app setting InstanceRetention__Days) is '{text}': it must be a whole number of days from 0 (keep everything) to 3650.");

    /// <summary>Purges the finished instances last changed before the retention period; returns how many.</summary>
    public async Task<int> PurgeAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        int days = Days;
        if (days == 0)
        {
            return 0;
        }

        // Created before the cutoff narrows the query; the last change decides, so a two-year window that ended
        // yesterday is kept for the whole period after it ended.
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(days);
        var query = new OrchestrationQuery
        {
            Statuses = [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated],
            CreatedTo = cutoff,
            PageSize = 500,
            FetchInputsAndOutputs = false,
        };
        var old = new List<string>();
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (instance.LastUpdatedAt < cutoff)
            {
                old.Add(instance.InstanceId);
            }
        }

        int purged = 0;
        foreach (string id in old)
        {
            try
            {
                purged += await (purges ?? NoHooks).PurgeAsync(client, id, cancellationToken).ConfigureAwait(false) ?? 0;
            }
            catch (InvalidOperationException)
            {
                // Restarted since the query: it is active again and stays.
            }
        }

        LogPurged(logger, purged, days);
        return purged;
    }

    // Built without the app's services (a test, a tool): no process has a hook to run.
    private static readonly InstancePurges NoHooks = new([], Microsoft.Extensions.Logging.Abstractions.NullLogger<InstancePurges>.Instance);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Purged {Count} finished instances older than {Days} days.")]
    private static partial void LogPurged(ILogger logger, int count, int days);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Pruned {Count} timer-run records older than {Days} days.")]
    private static partial void LogPrunedRuns(ILogger logger, int count, int days);
}
