using EduFlows.StaffDirectory;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EduFlows.Processes.ReservePool;

/// <summary>The yearly review's timer: 09:00 on 1 December, bureau time, starts the year's review (once).</summary>
public static class ReservePoolTimer
{
    /// <summary>The timer's name.</summary>
    public const string Name = "ReservePoolYearlyReview";

    /// <summary>The schedule: 09:00 on 1 December.</summary>
    public const string Schedule = "0 0 9 1 12 *";

    /// <summary>The department whose head decides the review when the timer starts it (组织人事科).</summary>
    public const string OfficeDepartment = "组织人事科";

    /// <summary>Starts this year's review, decided by the head of <see cref="OfficeDepartment"/>; nothing when there is none.</summary>
    [Function(Name)]
    public static async Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.InstanceServices;
        var desk = services.GetRequiredService<ReservePoolDesk>();
        var departments = await services.GetRequiredService<DirectoryStore>().Departments.WhereAsync(new Dictionary<string, object>(), cancellationToken).ConfigureAwait(false);
        if (departments.FirstOrDefault(d => d.Name == OfficeDepartment)?.HeadId is { } officer)
        {
            await StartAsync(client, new ReviewRun(desk.Today.Year, officer), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Starts a year's review; the instance id, or null when that year's review exists already.</summary>
    public static async Task<string?> StartAsync(DurableTaskClient client, ReviewRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(run);
        string id = ReservePoolReview.InstanceIdOf(run.Year);
        if (await client.GetInstanceAsync(id, cancellation: cancellationToken).ConfigureAwait(false) is not null)
        {
            return null;
        }

        try
        {
            return await client.ScheduleNewOrchestrationInstanceAsync(ReservePoolReview.Name, run, new StartOrchestrationOptions(id), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (EduFlows.Durable.InstanceStarts.AlreadyExists(ex))
        {
            return null;
        }
    }
}
