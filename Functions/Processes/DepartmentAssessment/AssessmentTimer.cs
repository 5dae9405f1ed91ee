using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>
/// The timer on the 1st of every month at 09:00 bureau time. The annual instance starts each month's dispatch
/// (<c>monthly-dispatch-YYYY-MM</c>) on its own durable timer at that moment; this trigger makes sure the annual
/// instance runs, starting it (from the current month on) when none does, e.g. after the first deployment.
/// </summary>
public static class AssessmentTimer
{
    /// <summary>The timer's name.</summary>
    public const string Name = "DepartmentAssessmentMonthlyDispatch";

    /// <summary>The schedule: 09:00 on the 1st of every month.</summary>
    public const string Schedule = "0 0 9 1 * *";

    /// <summary>The timer function: on the 1st of each month, makes sure this year's annual instance runs.</summary>
    [Function(Name)]
    public static Task RunAsync(
        [TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.InstanceServices;
        return EnsureRunningAsync(client, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<Tasks.BureauClock>().Zone, cancellationToken);
    }

    /// <summary>Starts the annual instance for the current year unless one runs; returns the id started, or null.</summary>
    public static async Task<string?> EnsureRunningAsync(DurableTaskClient client, TimeProvider time, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(time);
        if ((await DepartmentAssessmentYear.ActiveInstancesAsync(client, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, zone);
        int year = local.Year;

        // This month's checkpoint (09:00 on the 1st) must run however late the timer fires: skip only what lies before it.
        var input = new DepartmentAssessmentYear.Input(year, MonthStart(local.Year, local.Month, zone), zone.Id);
        string id = DepartmentAssessmentYear.InstanceId(year);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(DepartmentAssessmentYear.Name, input, new StartOrchestrationOptions(id), cancellationToken).ConfigureAwait(false);
            return id;
        }
        catch (Exception ex) when (EduFlows.Durable.InstanceStarts.AlreadyExists(ex))
        {
            // This year's instance ended (failed or terminated); an administrator decides whether to purge and restart it.
            return null;
        }
    }

    /// <summary>09:00 bureau time on the 1st of a month, in UTC: the month's dispatch checkpoint.</summary>
    public static DateTime MonthStart(int year, int month, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, 1, 9, 0, 0, DateTimeKind.Unspecified), zone);
    }
}
