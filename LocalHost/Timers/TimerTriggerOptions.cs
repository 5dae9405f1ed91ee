namespace EduFlows.Triggers.Timers;

/// <summary>Settings of the timer triggers.</summary>
public sealed record TimerTriggerOptions
{
    /// <summary>The zone schedules are read in (<c>WEBSITE_TIME_ZONE</c>; IANA or Windows id). Default Asia/Shanghai, the bureau's.</summary>
    public string TimeZoneId { get; set; } = "Asia/Shanghai";

    /// <summary>How long a host's claim on an occurrence lasts before another host may run it (if the first died). Default 10 minutes.</summary>
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(10);
}
