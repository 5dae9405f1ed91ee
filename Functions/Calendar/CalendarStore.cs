using Azure;
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

    /// <summary>A year's schedule with the version to guard a change by; null when the calendar has none for it.</summary>
    public Task<Versioned<HolidaySchedule>?> GetVersionedAsync(int year, CancellationToken cancellationToken) =>
        Schedules.GetAsync(Id(year), cancellationToken);

    /// <summary>
    /// Stores a year's schedule (validate it first) only over the version read: <paramref name="readAt"/> null when the
    /// calendar had none for the year. False, and nothing changes, when someone stored the year since.
    /// </summary>
    public async Task<bool> TrySaveAsync(HolidaySchedule schedule, ETag? readAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return readAt is { } version
            ? await Schedules.TryReplaceAsync(schedule, version, cancellationToken).ConfigureAwait(false) is not null
            : await Schedules.TryAddAsync(schedule, cancellationToken).ConfigureAwait(false);
    }

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
