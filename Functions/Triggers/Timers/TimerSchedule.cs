using NCrontab;

namespace EduFlows.Triggers.Timers;

/// <summary>
/// A six-field NCRONTAB schedule (<c>{second} {minute} {hour} {day} {month} {day-of-week}</c>) in a time zone: the one
/// reader of schedules, for the local host's timers and for the office home's "next run" column alike.
/// </summary>
public sealed class TimerSchedule
{
    private readonly CrontabSchedule _schedule;

    private TimerSchedule(string expression, CrontabSchedule schedule, TimeZoneInfo timeZone)
    {
        Expression = expression;
        _schedule = schedule;
        TimeZone = timeZone;
    }

    /// <summary>The expression as written.</summary>
    public string Expression { get; }

    /// <summary>The zone the expression is read in (<c>WEBSITE_TIME_ZONE</c>).</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Parses an expression; <paramref name="timeZoneId"/> may be an IANA or a Windows id.</summary>
    /// <exception cref="FormatException">When the expression or the zone is not valid, naming which.</exception>
    public static TimerSchedule Parse(string expression, string timeZoneId)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6)
        {
            throw new FormatException($"'{expression}' has {fields.Length} fields; an NCRONTAB schedule has six: second minute hour day month day-of-week.");
        }

        CrontabSchedule schedule;
        try
        {
            schedule = CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        }
        catch (CrontabException ex)
        {
            throw new FormatException($"'{expression}' is not a valid NCRONTAB schedule: {ex.Message}", ex);
        }

        return new TimerSchedule(expression, schedule, FindZone(timeZoneId));
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, as an instant.</summary>
    /// <remarks>Local times that do not exist (a clock jumping forward) are skipped; repeated ones fire at their first instant.</remarks>
    public DateTimeOffset NextAfter(DateTimeOffset after)
    {
        var local = TimeZoneInfo.ConvertTime(after, TimeZone).DateTime;
        while (true)
        {
            local = _schedule.GetNextOccurrence(local);
            if (TimeZone.IsInvalidTime(local))
            {
                continue;
            }

            var offset = TimeZone.IsAmbiguousTime(local) ? TimeZone.GetAmbiguousTimeOffsets(local).Max() : TimeZone.GetUtcOffset(local);
            var next = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset);
            if (next > after)
            {
                return next.ToUniversalTime();
            }
        }
    }

    /// <summary>The occurrences from <paramref name="from"/> to <paramref name="to"/>, both included, in order; at most <paramref name="max"/> + 1, so a caller can tell a range holds too many.</summary>
    public IReadOnlyList<DateTimeOffset> Between(DateTimeOffset from, DateTimeOffset to, int max)
    {
        var found = new List<DateTimeOffset>();
        for (var next = NextAfter(from.AddTicks(-1)); next <= to && found.Count <= max; next = NextAfter(next))
        {
            found.Add(next);
        }

        return found;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Expression} ({TimeZone.Id})";

    private static TimeZoneInfo FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            if (TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out string? iana))
            {
                return TimeZoneInfo.FindSystemTimeZoneById(iana);
            }

            throw new FormatException($"'{id}' is not a time zone id (IANA such as Asia/Shanghai, or Windows such as China Standard Time).");
        }
    }
}
