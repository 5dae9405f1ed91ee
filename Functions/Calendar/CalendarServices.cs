using EduFlows.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EduFlows.Calendar;

/// <summary>Registers the shared calendar.</summary>
public static class CalendarServices
{
    /// <summary>
    /// Adds the calendar's store (once, whoever calls first: every process using working days calls this). The seed
    /// from the data file is the app's (<see cref="AddCalendarSeed"/>), so a test harness starts with an empty calendar.
    /// </summary>
    public static IServiceCollection AddCalendar(this IServiceCollection services, StorageAccount storage, string hubName)
    {
        services.TryAddSingleton(new CalendarStore(storage, hubName));
        return services;
    }

    /// <summary>Adds the start-up step that fills the calendar with the data file's years it does not have.</summary>
    public static IServiceCollection AddCalendarSeed(this IServiceCollection services)
    {
        services.AddHostedService<CalendarSeed>();
        return services;
    }
}
