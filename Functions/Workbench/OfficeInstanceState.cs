using Microsoft.DurableTask.Client;

namespace EduFlows.Workbench;

/// <summary>An instance's runtime state in the page's words, for the process pages' heading.</summary>
public static class OfficeInstanceState
{
    /// <summary>"运行中", "已完成"…; "未找到运行实例" when there is no instance of that id.</summary>
    public static string Describe(OrchestrationMetadata? instance, OfficeLinks links)
    {
        ArgumentNullException.ThrowIfNull(links);
        return instance?.RuntimeStatus switch
        {
            null => links.Say("未找到运行实例", "no instance found"),
            OrchestrationRuntimeStatus.Pending => links.Say("待启动", "pending"),
            OrchestrationRuntimeStatus.Running => links.Say("运行中", "running"),
            OrchestrationRuntimeStatus.Suspended => links.Say("已暂停", "suspended"),
            OrchestrationRuntimeStatus.Completed => links.Say("已完成", "completed"),
            OrchestrationRuntimeStatus.Failed => links.Say("出错停止", "failed"),
            OrchestrationRuntimeStatus.Terminated => links.Say("已终止", "terminated"),
            _ => links.Say("其他状态", "other"),
        };
    }
}
