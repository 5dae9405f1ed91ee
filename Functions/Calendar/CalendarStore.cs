using Azure.Data.Tables;
using EduFlows.Storage;

namespace EduFlows.Calendar;

/// <summary>The shared calendar's table (<c>{hub}Calendar</c>): one <see cref="HolidaySchedule"/> per year, id "2026".</summary>
public sealed class CalendarStore(StorageAccount account, string hubName)
{
    /// <summary>The schedules, one per year.</summary>
    public RecordTable<HolidaySchedule> Schedules { get; } = new(
        account.Tables.GetTableClient(hubName + "Calendar"), s => Id(s.Year), s => new Dictionary<string, object?> { ["Year"] = s.Year });

    /// <summary>A year's schedule; null when the calendar has none for it.</summary>
    public async Task<HolidaySchedule?> GetAsync(int year, CancellationToken cancellationToken) =>
        (await Schedules.GetAsync(Id(year), cancellationToken).ConfigureAwait(false))?.Record;

    /// <summary>Stores a year's schedule in place of the one stored (validate it first).</summary>
    public Task SaveAsync(HolidaySchedule schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return Schedules.PutAsync(schedule, cancellationToken);
    }

    /// <summary>The working days of the years from <paramref name="fromYear"/> to <paramref name="toYear"/>, as stored now.</summary>
    public async Task<WorkingDays> WorkingDaysAsync(int fromYear, int toYear, string? timeZone, CancellationToken cancellationToken)
    {
        var stored = await Schedules.QueryAsync(TableClient.CreateQueryFilter($"Year ge {fromYear} and Year le {toYear}"), cancellationToken).ConfigureAwait(false);
        return new WorkingDays([.. stored.OrderBy(s => s.Year)], timeZone);
    }

    private static string Id(int year) => year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
}
