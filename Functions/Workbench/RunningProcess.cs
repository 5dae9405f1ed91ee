namespace EduFlows.Workbench;

/// <summary>A process on the office home: its instances running now (the first page of them) and their task counts.</summary>
/// <param name="Title">The process's name in the page's language.</param>
/// <param name="Orchestrator">The orchestrator function's name.</param>
/// <param name="Count">How many instances run.</param>
/// <param name="OpenTasks">Open tasks of all its running instances.</param>
/// <param name="OverdueTasks">Of those, the ones past their due time.</param>
/// <param name="More">The process's page on the office's instances list, when more run than are shown; null otherwise.</param>
/// <param name="Instances">The instances shown (at most <see cref="OfficeHomeApi.InstancesShown"/>), the latest first.</param>
public sealed record RunningProcess(string Title, string Orchestrator, int Count, int OpenTasks, int OverdueTasks, string? More, IReadOnlyList<RunningInstance> Instances);
