namespace EduFlows.Calendar;

/// <summary>The input of <see cref="CalendarActivities.LoadWorkingDays"/>: which years, in which zone.</summary>
/// <param name="FromYear">The first year.</param>
/// <param name="ToYear">The last year (take the next year too when deadlines may run into January).</param>
/// <param name="TimeZone">The bureau's zone; null for <see cref="WorkingDays.DefaultTimeZone"/>.</param>
public sealed record WorkingDaysQuery(int FromYear, int ToYear, string? TimeZone = null);
