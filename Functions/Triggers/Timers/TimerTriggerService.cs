using Microsoft.Extensions.Options;

namespace EduFlows.Triggers.Timers;

/// <summary>
/// Runs the app's timer functions: each occurrence once across all hosts, a missed occurrence once (past due) when a
/// host starts after it, and <see cref="TimerTrigger.RunOnStartup"/> timers once per start. Time comes from
/// <see cref="TimeProvider"/>, so a fake clock drives a simulated year in seconds.
/// </summary>
public sealed partial class TimerTriggerService(
    IEnumerable<TimerTrigger> triggers,
    IScheduleStatusStore store,
    TimeProvider time,
    IServiceProvider services,
    IOptions<TimerTriggerOptions> options,
    ILogger<TimerTriggerService> logger) : BackgroundService
{
    // Waiting for another host's claim is plumbing, not schedule time: it runs on the real clock.
    private static readonly TimeSpan ClaimPoll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(30);
    private readonly string _holder = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
    private readonly List<(TimerTrigger Trigger, TimerSchedule Schedule)> _timers =
        [.. triggers.Select(t => (t, TimerSchedule.Parse(t.Schedule, options.Value.TimeZoneId)))];

    /// <summary>The registered timers and their schedules.</summary>
    public IReadOnlyList<TimerSchedule> Schedules => [.. _timers.Select(t => t.Schedule)];

    /// <summary>The registered timer names.</summary>
    public IReadOnlyList<string> Names => [.. _timers.Select(t => t.Trigger.Name)];

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = time.GetUtcNow();
        return Task.WhenAll(_timers.Select(t => Task.Run(() => RunTimerAsync(t.Trigger, t.Schedule, started, stoppingToken), CancellationToken.None)));
    }

    private async Task RunTimerAsync(TimerTrigger trigger, TimerSchedule schedule, DateTimeOffset hostStarted, CancellationToken stoppingToken)
    {
        try
        {
            if (await store.ReadAsync(trigger.Name, stoppingToken).ConfigureAwait(false) is null)
            {
                await store.InitializeAsync(trigger.Name, new TimerScheduleStatus(null, schedule.NextAfter(hostStarted), hostStarted), stoppingToken).ConfigureAwait(false);
            }

            if (trigger.RunOnStartup)
            {
                var status = (await store.ReadAsync(trigger.Name, stoppingToken).ConfigureAwait(false))!;
                await InvokeAsync(trigger, new TimerInfo(status, IsPastDue: false), stoppingToken).ConfigureAwait(false);
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                var status = (await store.ReadAsync(trigger.Name, stoppingToken).ConfigureAwait(false))!;
                var now = time.GetUtcNow();
                if (now < status.Next)
                {
                    var wait = status.Next - now;
                    await Task.Delay(wait > MaxWait ? MaxWait : wait, time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                var until = now + options.Value.ClaimDuration;
                if (!await store.TryClaimAsync(trigger.Name, status.Next, _holder, now, until, stoppingToken).ConfigureAwait(false))
                {
                    // Another host runs this occurrence; look again once it has recorded the next one.
                    await Task.Delay(ClaimPoll, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                // Past due: the occurrence fell before this host was up (nobody ran it then); it runs once, late.
                bool pastDue = status.Next < hostStarted;
                await InvokeAsync(trigger, new TimerInfo(status, pastDue), stoppingToken).ConfigureAwait(false);
                var after = time.GetUtcNow();
                var next = schedule.NextAfter(after > status.Next ? after : status.Next);
                await store.CompleteAsync(trigger.Name, status.Next, next, after, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }

    private async Task InvokeAsync(TimerTrigger trigger, TimerInfo info, CancellationToken stoppingToken)
    {
        LogFiring(logger, trigger.Name, info.ScheduleStatus.Next, info.IsPastDue);
        try
        {
            using var scope = services.CreateScope();
            await trigger.Run(info, scope.ServiceProvider, stoppingToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failing timer function is logged; the schedule goes on, as in Azure Functions.
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            LogFailed(logger, trigger.Name, ex);
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Timer {Name}: running the occurrence of {Occurrence:o} (past due: {IsPastDue}).")]
    private static partial void LogFiring(ILogger logger, string name, DateTimeOffset occurrence, bool isPastDue);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Timer {Name} failed.")]
    private static partial void LogFailed(ILogger logger, string name, Exception exception);
}
