using EduFlows.Calendar;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>
/// The assessment's days and times: the shared working-day calendar (<see cref="WorkingDays"/>, the State Council's
/// holidays and 调休 days) plus the scheme's own extra holidays and working weekend days, and the times the assessment
/// runs at, in the bureau's time zone. Pure and deterministic, so orchestrators may use it.
/// </summary>
/// <param name="Scheme">The year's scheme.</param>
/// <param name="Days">The working days counted: the shared calendar's with the scheme's own days added.</param>
public sealed record WorkingCalendar(AssessmentScheme Scheme, WorkingDays Days)
{
    /// <summary>Everything starts at 09:00 bureau time.</summary>
    public static readonly TimeOnly StartOfDay = new(9, 0);

    /// <summary>Everything is due at 18:00 bureau time.</summary>
    public static readonly TimeOnly EndOfDay = WorkingDays.EndOfDay;

    /// <summary>The bureau's time zone.</summary>
    public TimeZoneInfo Zone => Days.Zone;

    /// <summary>
    /// The calendar for a scheme alone (Monday to Friday plus the scheme's own days, no shared calendar) in the named
    /// zone (Asia/Shanghai by default); orchestrators use <see cref="For(AssessmentScheme, WorkingDays)"/>.
    /// </summary>
    public static WorkingCalendar For(AssessmentScheme scheme, string? zoneId = null) => For(scheme, WorkingDays.WeekdaysOnly(zoneId));

    /// <summary>The calendar for a scheme on the shared working days (in their zone), with the scheme's own days added.</summary>
    public static WorkingCalendar For(AssessmentScheme scheme, WorkingDays shared)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(shared);
        return new(scheme, shared.With(new HolidaySchedule { Year = scheme.Year, Holidays = scheme.Holidays, AdjustedWorkingDays = scheme.WorkingWeekendDays }));
    }

    /// <summary>Whether people work on the day.</summary>
    public bool IsWorkingDay(DateOnly day) => Days.IsWorkingDay(day);

    /// <summary>18:00 bureau time on the <paramref name="workingDays"/>th working day after the day of <paramref name="fromUtc"/>.</summary>
    public DateTime DueAfter(DateTime fromUtc, int workingDays) => Days.DueAfter(fromUtc, workingDays);

    /// <summary>A bureau-time moment as UTC.</summary>
    public DateTime ToUtc(DateTime local) => Days.ToUtc(local);

    /// <summary>A UTC moment in bureau time.</summary>
    public DateTime ToLocal(DateTime utc) => Days.ToLocal(utc);

    /// <summary>09:00 bureau time on a day, as UTC.</summary>
    public DateTime MorningOf(DateOnly day) => ToUtc(day.ToDateTime(StartOfDay));

    /// <summary>
    /// The year's checkpoints in time order: a monthly dispatch on the 1st of every month at 09:00, the two duty
    /// reviews, the year-end opening and the scoring session.
    /// </summary>
    public IReadOnlyList<AssessmentCheckpoint> Checkpoints()
    {
        int year = Scheme.Year;
        var points = new List<AssessmentCheckpoint>();
        for (int month = 1; month <= 12; month++)
        {
            points.Add(new(CheckpointKind.MonthlyDispatch, MorningOf(new DateOnly(year, month, 1)), month));
        }

        for (int half = 1; half <= 2; half++)
        {
            points.Add(new(CheckpointKind.DutyReview, MorningOf(Scheme.MonthDay(Scheme.DutyReviewDays[half - 1])!.Value), half));
        }

        points.Add(new(CheckpointKind.YearEnd, MorningOf(Scheme.MonthDay(Scheme.YearEndOpensOn)!.Value), 0));
        return [.. points.OrderBy(p => p.At).ThenBy(p => p.Kind)];
    }

    /// <summary>When the scoring session opens and closes (UTC).</summary>
    public (DateTime Opens, DateTime Closes) Session()
    {
        var opens = ToUtc(Scheme.SessionStart()!.Value);
        return (opens, opens.AddMinutes(Scheme.ScoringSessionMinutes));
    }
}

/// <summary>One scheduled step of the year.</summary>
/// <param name="Kind">What happens.</param>
/// <param name="At">When (UTC).</param>
/// <param name="Number">The month (1–12) of a dispatch, the half (1–2) of a duty review, 0 for the year end.</param>
public sealed record AssessmentCheckpoint(CheckpointKind Kind, DateTime At, int Number);

/// <summary>The kinds of scheduled steps.</summary>
public enum CheckpointKind
{
    /// <summary>每月一调度.</summary>
    MonthlyDispatch,

    /// <summary>半年述职评议.</summary>
    DutyReview,

    /// <summary>年终总考核.</summary>
    YearEnd,
}
