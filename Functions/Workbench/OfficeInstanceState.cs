using EduFlows.Workbench.Operations;
using Microsoft.DurableTask.Client;

namespace EduFlows.Workbench;

/// <summary>An instance's runtime state in the page's words, for the process pages' heading.</summary>
public static class OfficeInstanceState
{
    /// <summary>The status as the instances page names it (<see cref="StatusNames"/>); "未找到运行实例" when there is no instance of that id.</summary>
    public static string Describe(OrchestrationMetadata? instance, OfficeLinks links)
    {
        ArgumentNullException.ThrowIfNull(links);
        return instance is null ? links.Say("未找到运行实例", "no instance found") : StatusNames.Of(instance.RuntimeStatus, links);
    }
}
