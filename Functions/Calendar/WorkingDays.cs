using System.Text.Json.Serialization;

namespace EduFlows.Calendar;

/// <summary>
/// The bureau's working days: Monday to Friday, less the public holidays, plus the adjusted working weekend days (调休),
/// from the shared calendar's <see cref="HolidaySchedule"/>s, and the times things fall due in the bureau's time zone.
/// </summary>
/// <remarks>
/// Pure and deterministic (no clock, no I/O), so orchestrators may use it; they get one from the
/// <see cref="CalendarActivities.LoadWorkingDays"/> activity (<see cref="CalendarActivities.LoadWorkingDaysAsync"/>),
/// which serialises it into the history. A year with no schedule counts Monday to Friday only and is listed by
/// <see cref="MissingYears"/>: the calendar never guesses a year's holidays. Several schedules of one year add up.
/// </remarks>
public sealed class WorkingDays
{
    /// <summary>The zone used when none is named.</summary>
    public const string DefaultTimeZone = "Asia/Shanghai";

    /// <summary>Things are due at 18:00 bureau time.</summary>
    public static readonly TimeOnly EndOfDay = new(18, 0);

    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<DateOnly> _adjusted;
    private readonly HashSet<int> _years;

    /// <summary>The working days of the given schedules in a zone (<see cref="DefaultTimeZone"/> when null or blank).</summary>
    /// <exception cref="TimeZoneNotFoundException">The zone is unknown.</exception>
    [JsonConstructor]
    public WorkingDays(IReadOnlyList<HolidaySchedule> years, string? timeZone = null)
    {
        ArgumentNullException.ThrowIfNull(years);
        Years = years;
        TimeZone = string.IsNullOrWhiteSpace(timeZone) ? DefaultTimeZone : timeZone;
        Zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        _holidays = [.. years.SelectMany(y => y.Holidays)];
        _adjusted = [.. years.SelectMany(y => y.AdjustedWorkingDays)];
        _years = [.. years.Select(y => y.Year)];
    }

    /// <summary>The schedules counted.</summary>
    public IReadOnlyList<HolidaySchedule> Years { get; }

    /// <summary>The bureau's time zone id.</summary>
    public string TimeZone { get; }

    /// <summary>The bureau's time zone.</summary>
    [JsonIgnore]
    public TimeZoneInfo Zone { get; }

    /// <summary>Monday to Friday only: no year has data (tests, or a calendar not yet filled in).</summary>
    public static WorkingDays WeekdaysOnly(string? timeZone = null) => new([], timeZone);

    /// <summary>The same days counted in another zone (<see cref="DefaultTimeZone"/> when null or blank).</summary>
    public WorkingDays InZone(string? timeZone) => new(Years, timeZone);

    /// <summary>The same days plus further schedules (a bureau's own days off or working days on top of the national ones).</summary>
    public WorkingDays With(params IEnumerable<HolidaySchedule> more) => new([.. Years, .. more], TimeZone);

    /// <summary>Whether a schedule for the year is counted.</summary>
    public bool HasDataFor(int year) => _years.Contains(year);

    /// <summary>The years from <paramref name="fromYear"/> to <paramref name="toYear"/> with no schedule (counted Monday to Friday only).</summary>
    public IReadOnlyList<int> MissingYears(int fromYear, int toYear) =>
        [.. Enumerable.Range(fromYear, Math.Max(0, toYear - fromYear + 1)).Where(y => !HasDataFor(y))];

    /// <summary>Whether people work on the day: an adjusted working day, or Monday to Friday and not a holiday.</summary>
    public bool IsWorkingDay(DateOnly day) =>
        _adjusted.Contains(day) || (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(day));

    /// <summary>
    /// The <paramref name="workingDays"/>th working day after <paramref name="day"/> (before it when negative); the day
    /// itself when 0, whether or not it is a working day.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly day, int workingDays)
    {
        int step = Math.Sign(workingDays);
        for (int counted = 0; counted != workingDays;)
        {
            day = day.AddDays(step);
            if (IsWorkingDay(day))
            {
                counted += step;
            }
        }

        return day;
    }

    /// <summary>18:00 bureau time on the <paramref name="workingDays"/>th working day after the bureau-time day of <paramref name="fromUtc"/>, as UTC.</summary>
    public DateTime DueAfter(DateTime fromUtc, int workingDays) =>
        ToUtc(AddWorkingDays(DayOf(fromUtc), workingDays).ToDateTime(EndOfDay));

    /// <summary>The bureau-time day of a UTC moment.</summary>
    public DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(ToLocal(utc));

    /// <summary>A bureau-time moment as UTC.</summary>
    public DateTime ToUtc(DateTime local) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone);

    /// <summary>A UTC moment in bureau time.</summary>
    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);
}
