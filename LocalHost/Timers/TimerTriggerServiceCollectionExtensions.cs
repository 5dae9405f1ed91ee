namespace EduFlows.Triggers.Timers;

/// <summary>Registers timer functions explicitly, one call per function.</summary>
public static class TimerTriggerServiceCollectionExtensions
{
    /// <summary>Adds a timer function on a six-field NCRONTAB schedule.</summary>
    public static IServiceCollection AddTimerTrigger(
        this IServiceCollection services, string name, string schedule, Func<TimerInfo, IServiceProvider, CancellationToken, Task> run, bool runOnStartup = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        services.AddSingleton(new TimerTrigger(name, schedule, run, runOnStartup));
        return services;
    }

    /// <summary>Adds the service that runs the timer functions, with their status kept in <paramref name="store"/>.</summary>
    public static IServiceCollection AddTimerTriggers(this IServiceCollection services, IScheduleStatusStore store, string timeZoneId)
    {
        services.AddSingleton(store);
        services.Configure<TimerTriggerOptions>(o => o.TimeZoneId = timeZoneId);
        services.AddSingleton<TimerTriggerService>();
        services.AddSingleton<ITimerSchedules>(sp => sp.GetRequiredService<TimerTriggerService>());
        services.AddHostedService(sp => sp.GetRequiredService<TimerTriggerService>());
        return services;
    }
}
