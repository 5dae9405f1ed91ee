using System.Text.Json;

namespace EduFlows.Calendar;

/// <summary>
/// Fills the shared calendar from the repository's data file (Functions/Calendar/holidays.json, one entry per year
/// from the State Council's notices) when the app starts: a year already stored is left as it is, so an edit made
/// over HTTP survives restarts. A year the file does not have stays without data (it is not guessed).
/// </summary>
public sealed class CalendarSeed(CalendarStore store) : IHostedService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The schedules of the data file.</summary>
    public static IReadOnlyList<HolidaySchedule> Schedules { get; } = Read();

    /// <summary>Stores each year of the file the calendar does not have yet.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var schedule in Schedules)
        {
            await store.Schedules.TryAddAsync(schedule, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Nothing to stop.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static List<HolidaySchedule> Read()
    {
        using var stream = typeof(CalendarSeed).Assembly.GetManifestResourceStream("EduFlows.Calendar.holidays.json")
            ?? throw new InvalidOperationException("The calendar's data file (EduFlows.Calendar.holidays.json) is not embedded.");
        var schedules = JsonSerializer.Deserialize<List<HolidaySchedule>>(stream, Json) ?? [];
        // A bad file is the developer's mistake: refuse to start rather than count deadlines on it.
        foreach (var schedule in schedules)
        {
            if (schedule.Validate() is [var first, ..])
            {
                throw new InvalidOperationException($"holidays.json, year {schedule.Year}: {first.Field} {first.Reason}");
            }
        }

        return schedules;
    }
}
