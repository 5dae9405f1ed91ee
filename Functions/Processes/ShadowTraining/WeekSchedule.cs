namespace EduFlows.Processes.ShadowTraining;

/// <summary>The timetable of one batch's week in UTC, worked out once (pure) so the orchestrations only wait for instants.</summary>
/// <param name="WeekStart">The Monday.</param>
/// <param name="ConfirmBy">When the trainee's confirmation is due.</param>
/// <param name="Days">Monday to Friday.</param>
/// <param name="EvaluationOpens">When the mentor's evaluation and the trainee's summary open (Friday's end).</param>
/// <param name="EvaluationDue">When they are due.</param>
public sealed record WeekSchedule(DateOnly WeekStart, DateTime ConfirmBy, IReadOnlyList<DaySchedule> Days, DateTime EvaluationOpens, DateTime EvaluationDue)
{
    /// <summary>The timetable of the week starting on <paramref name="monday"/> in <paramref name="zone"/>.</summary>
    public static WeekSchedule For(DateOnly monday, TimeZoneInfo zone, ShadowTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(options);
        DateTime At(DateOnly date, TimeOnly time) => TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(time, DateTimeKind.Unspecified), zone);
        var days = options.Themes.Select((theme, i) =>
        {
            var date = monday.AddDays(i);
            return new DaySchedule(
                date,
                theme.Zh,
                theme.En,
                At(date, options.AttendanceOpensAt),
                At(date, options.AttendanceDueAt),
                At(date, options.JournalOpensAt),
                At(date.AddDays(1), options.JournalDueAt),
                At(date.AddDays(1), options.JournalReminderAt));
        }).ToList();
        var friday = days[^1].Date;
        return new WeekSchedule(
            monday,
            At(monday.AddDays(-options.ConfirmDaysBefore), options.ConfirmDueAt),
            days,
            At(friday, options.JournalOpensAt),
            At(friday.AddDays(options.EvaluationDays), options.JournalOpensAt));
    }
}
