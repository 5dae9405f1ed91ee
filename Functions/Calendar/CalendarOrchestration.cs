using Microsoft.DurableTask;

namespace EduFlows.Calendar;

/// <summary>How an orchestrator gets the shared working days.</summary>
public static class CalendarOrchestration
{
    /// <summary>
    /// Loads the working days of <paramref name="fromYear"/> to <paramref name="toYear"/> through the
    /// <see cref="CalendarActivities.LoadWorkingDays"/> activity (replay-safe: the answer is in the history).
    /// </summary>
    public static Task<WorkingDays> LoadWorkingDaysAsync(this TaskOrchestrationContext context, int fromYear, int toYear, string? timeZone = null, TaskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.CallActivityAsync<WorkingDays>(CalendarActivities.LoadWorkingDays, new WorkingDaysQuery(fromYear, toYear, timeZone), options);
    }
}
