using System.Reflection;
using EduFlows.Triggers.Timers;
using Microsoft.Azure.Functions.Worker;

namespace EduFlows.Workbench;

/// <summary>A timer function of the app with its NCRONTAB schedule, read from its <see cref="TimerTriggerAttribute"/>.</summary>
/// <param name="Function">The timer function's name.</param>
/// <param name="Schedule">Its six-field NCRONTAB schedule, read in the bureau's time zone (<c>WEBSITE_TIME_ZONE</c>).</param>
public sealed record OfficeTimer(string Function, string Schedule)
{
    private static readonly Lazy<IReadOnlyList<OfficeTimer>> Found = new(() =>
    [
        .. from type in typeof(OfficeTimer).Assembly.GetTypes()
           from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
           let function = method.GetCustomAttribute<FunctionAttribute>()
           where function is not null
           from parameter in method.GetParameters()
           let timer = parameter.GetCustomAttribute<TimerTriggerAttribute>()
           where timer is not null
           orderby function.Name
           select new OfficeTimer(function.Name, timer.Schedule),
    ]);

    /// <summary>Every timer function of the app.</summary>
    public static IReadOnlyList<OfficeTimer> All => Found.Value;

    /// <summary>What the timer does, in the page's language.</summary>
    public string Title(string culture) => (Function, culture == "en") switch
    {
        (Processes.ResearcherReview.ResearcherReviewTimer.Name, false) => "教研员半年考核启动（1 月、7 月 1 日）",
        (Processes.ResearcherReview.ResearcherReviewTimer.Name, true) => "Researcher reviews start (1 January, 1 July)",
        (Processes.DepartmentAssessment.AssessmentTimer.Name, false) => "科室考核每月一调度（每月 1 日）",
        (Processes.DepartmentAssessment.AssessmentTimer.Name, true) => "Department assessment monthly dispatch (the 1st)",
        (Processes.ReservePool.ReservePoolTimer.Name, false) => "后备人才库年度考察启动（12 月 1 日）",
        (Processes.ReservePool.ReservePoolTimer.Name, true) => "Reserve pool yearly review starts (1 December)",
        (Tasks.TaskTimers.CancelTasksOfEndedProcesses, false) => "撤销已结束流程的未完成任务（每 5 分钟）",
        (Tasks.TaskTimers.CancelTasksOfEndedProcesses, true) => "Withdraw open tasks of ended processes (every 5 minutes)",
        (Durable.InstanceRetention.Name, false) => "清除保留期已过的已结束流程实例（每天 3:30）",
        (Durable.InstanceRetention.Name, true) => "Purge finished instances past their retention (daily, 03:30)",
        _ => Function,
    };

    /// <summary>The first occurrence after <paramref name="now"/>, read in <paramref name="zone"/> as the host's timers read it; null when the schedule cannot be read.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        try
        {
            return TimerSchedule.Parse(Schedule, zone.Id).NextAfter(now);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
