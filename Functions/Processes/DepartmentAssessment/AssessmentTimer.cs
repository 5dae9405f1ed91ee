using EduFlows.Durable;

namespace EduFlows.Processes.DepartmentAssessment;

/// <summary>
/// The timer on the 1st of every month at 09:00 bureau time. The annual instance starts each month's dispatch
/// (<c>monthly-dispatch-YYYY-MM</c>) on its own durable timer at that moment; this trigger makes sure the annual
/// instance runs, starting it (from the current month on) when none does, e.g. after the first deployment.
/// </summary>
public static class AssessmentTimer
{
    /// <summary>The timer's name.</summary>
    public const string Name = "DepartmentAssessment.MonthlyDispatch";

    /// <summary>The schedule: 09:00 on the 1st of every month.</summary>
    public const string Schedule = "0 0 9 1 * *";

    /// <summary>Starts the annual instance for the current year unless one runs; returns the id started, or null.</summary>
    public static async Task<string?> EnsureRunningAsync(DurableTaskClient client, TimeProvider time, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(time);
        var running = await client.GetInstancesAsync(
            new OrchestrationQuery { InstanceIdPrefix = DepartmentAssessmentYear.InstancePrefix, Statuses = [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended] },
            cancellationToken).ConfigureAwait(false);
        if (running.Instances.Count > 0)
        {
            return null;
        }

        var now = time.GetUtcNow();
        int year = TimeZoneInfo.ConvertTime(now, zone).Year;

        // The checkpoint that fired this timer (09:00 today) must still run: skip only what lies well before it.
        var input = new DepartmentAssessmentYear.Input(year, now.UtcDateTime.AddMinutes(-5), zone.Id);
        string id = DepartmentAssessmentYear.InstanceId(year);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(DepartmentAssessmentYear.Name, input, new StartOrchestrationOptions(id), cancellationToken).ConfigureAwait(false);
            return id;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // This year's instance ended (failed or terminated); an administrator decides whether to purge and restart it.
            return null;
        }
    }
}
