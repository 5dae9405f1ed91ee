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

    /// <summary>What one occurrence does (the processes it starts), in the page's language, for the office's confirmations.</summary>
    public string Does(string culture) => (Function, culture == "en") switch
    {
        (Processes.ResearcherReview.ResearcherReviewTimer.Name, false) => "为各学段启动刚结束的半年的教研员考核流程（已启动的不再重复启动）",
        (Processes.ResearcherReview.ResearcherReviewTimer.Name, true) => "starts each section's researcher review of the half year just ended (one already started is left alone)",
        (Processes.DepartmentAssessment.AssessmentTimer.Name, false) => "确保当年的科室千分考核年度流程在运行（未启动则启动）",
        (Processes.DepartmentAssessment.AssessmentTimer.Name, true) => "makes sure the year's department assessment process runs (starts it if not)",
        (Processes.ReservePool.ReservePoolTimer.Name, false) => "启动当年的后备人才库年度考察流程（已启动的不再重复启动）",
        (Processes.ReservePool.ReservePoolTimer.Name, true) => "starts the year's reserve pool review process (once)",
        (Tasks.TaskTimers.CancelTasksOfEndedProcesses, false) => "撤销所属流程已结束的未完成任务，不启动任何流程",
        (Tasks.TaskTimers.CancelTasksOfEndedProcesses, true) => "withdraws open tasks of ended processes and starts no process",
        (Durable.InstanceRetention.Name, false) => "清除保留期已过的已结束流程实例，不启动任何流程",
        (Durable.InstanceRetention.Name, true) => "purges finished instances past their retention and starts no process",
        _ => culture == "en" ? $"runs {Function}" : $"执行 {Function}",
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
