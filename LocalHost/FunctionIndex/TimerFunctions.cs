using EduFlows.Triggers.Timers;

namespace EduFlows.FunctionIndex;

/// <summary>The app's timer functions as the host's timer service runs them: NCRONTAB in the bureau's zone, %settings% resolved.</summary>
public static partial class TimerFunctions
{
    /// <summary>Registers a timer per timer function of <paramref name="catalog"/>.</summary>
    public static IServiceCollection AddTimerFunctions(this IServiceCollection services, FunctionCatalog catalog, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var function in catalog.WithTrigger("timerTrigger"))
        {
            var trigger = function.Metadata.Trigger;
            string schedule = (string?)trigger["schedule"] ?? throw new FunctionIndexException($"Function '{function.Name}' has no schedule.");

            // "%Name%" reads the schedule from an app setting, as in Azure.
            if (schedule.Length > 2 && schedule[0] == '%' && schedule[^1] == '%')
            {
                schedule = configuration[schedule[1..^1]] ?? throw new FunctionIndexException($"Function '{function.Name}' reads its schedule from the setting {schedule[1..^1]}, which is not set.");
            }

            bool runOnStartup = trigger["runOnStartup"] is { } startup && startup.GetValue<bool>();
            services.AddTimerTrigger(function.Name, schedule, (info, root, ct) => RunAsync(function, info, root, ct), runOnStartup);
        }

        return services;
    }

    private static async Task RunAsync(IndexedFunction function, TimerInfo info, IServiceProvider root, CancellationToken cancellationToken)
    {
        if (function.MissingServices(root.GetRequiredService<IServiceProviderIsService>()) is [var missing, ..])
        {
            // Without AzureWebJobsStorage the app registers no stores; the occurrence passes without running.
            LogDisabled(root.GetRequiredService<ILoggerFactory>().CreateLogger("Host.Timers"), function.Name, missing.Name);
            return;
        }

        await using var scope = root.CreateAsyncScope();

        // A backfilled occurrence runs as if at its time: the function reads the app's clock (which half year ended,
        // which month to dispatch), so its scope's clock starts at the occurrence.
        var services = info.IsBackfill ? new BackfillServices(scope.ServiceProvider, new BackfillClock(info.ScheduleStatus.Next, root.GetRequiredService<TimeProvider>())) : scope.ServiceProvider;
        var timer = new Microsoft.Azure.Functions.Worker.TimerInfo
        {
            IsPastDue = info.IsPastDue,
            ScheduleStatus = new Microsoft.Azure.Functions.Worker.ScheduleStatus
            {
                Last = info.ScheduleStatus.Last?.UtcDateTime ?? default,
                Next = info.ScheduleStatus.Next.UtcDateTime,
                LastUpdated = info.ScheduleStatus.LastUpdated.UtcDateTime,
            },
        };
        await function.InvokeAsync(services, timer, null, new LocalFunctionContext(function, services, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer function {Function} is disabled: it needs {Service}, which needs AzureWebJobsStorage.")]
    private static partial void LogDisabled(ILogger logger, string function, string service);
}
