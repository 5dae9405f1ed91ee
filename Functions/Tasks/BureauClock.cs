using System.Globalization;

namespace EduFlows.Tasks;

/// <summary>Shows instants as the bureau reads them: in its time zone (<c>WEBSITE_TIME_ZONE</c>, Asia/Shanghai by default).</summary>
public sealed class BureauClock(TimeZoneInfo zone)
{
    /// <summary>Reads the zone from configuration.</summary>
    /// <exception cref="InvalidOperationException">When the zone is unknown, naming the setting.</exception>
    public static BureauClock FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string id = ZoneId(configuration);
        try
        {
            return new BureauClock(TimeZoneInfo.FindSystemTimeZoneById(id));
        }
        catch (TimeZoneNotFoundException)
        {
            throw new InvalidOperationException($"WEBSITE_TIME_ZONE '{id}' is not a known time zone.");
        }
    }

    /// <summary>The configured zone id (<c>WEBSITE_TIME_ZONE</c>), Asia/Shanghai when unset or blank.</summary>
    public static string ZoneId(IConfiguration configuration) =>
        configuration?["WEBSITE_TIME_ZONE"] is { } z && !string.IsNullOrWhiteSpace(z) ? z.Trim() : "Asia/Shanghai";

    /// <summary>The bureau's time zone.</summary>
    public TimeZoneInfo Zone => zone;

    /// <summary>"2026-09-08 17:00" in the bureau's zone.</summary>
    public string Format(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// "2026-09-08 17:00（北京时间）" or "2026-09-08 17:00 (Beijing time)": a time a staff member acts on says its zone, as
    /// a phone abroad or set to another zone would otherwise mislead. Another zone is named by its id.
    /// </summary>
    public string FormatForStaff(DateTimeOffset instant, string culture)
    {
        bool en = Notifications.Languages.IsEnglish(culture ?? string.Empty);
        string name = ZoneName(culture ?? string.Empty);
        return en ? $"{Format(instant)} ({name})" : $"{Format(instant)}（{name}）";
    }

    /// <summary>The zone as staff read it: 北京时间 or "Beijing time" for the bureau's own, another zone by its id (e.g. for a mail's subject line).</summary>
    public string ZoneName(string culture) =>
        IsBeijing(zone.Id) ? (Notifications.Languages.IsEnglish(culture ?? string.Empty) ? "Beijing time" : "北京时间") : zone.Id;

    /// <summary>The zone as staff read it in Chinese: 北京时间 for the bureau's own, another zone by its id.</summary>
    public string ZoneNameZh => NameZh(zone.Id);

    /// <summary>A zone id as staff read it in Chinese (for a zone kept with a record, such as a plan's).</summary>
    public static string NameZh(string zoneId) => IsBeijing(zoneId) ? "北京时间" : zoneId;

    private static bool IsBeijing(string zoneId) => zoneId is "Asia/Shanghai" or "China Standard Time";

    /// <summary>The bureau's calendar date at an instant.</summary>
    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
}
