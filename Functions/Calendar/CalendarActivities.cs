using Microsoft.DurableTask;

namespace EduFlows.Calendar;

/// <summary>The shared calendar's activity: orchestrations load their working days through it, never from storage directly.</summary>
public sealed class CalendarActivities(CalendarStore store)
{
    /// <summary>The activity's name (its function name).</summary>
    public const string LoadWorkingDays = "CalendarLoadWorkingDays";

    /// <summary>The <see cref="WorkingDays"/> of the asked years as stored now (years without data are in <see cref="WorkingDays.MissingYears"/>).</summary>
    [Function(LoadWorkingDays)]
    public Task<WorkingDays> LoadWorkingDaysAsync([ActivityTrigger] WorkingDaysQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return store.WorkingDaysAsync(query.FromYear, query.ToYear, query.TimeZone, cancellationToken);
    }
}
