namespace EduFlows.Processes.OpenSelection.Office;

/// <summary>A selection as the office's list shows it.</summary>
/// <param name="Id">The selection's id.</param>
/// <param name="Title">The announcement's title.</param>
/// <param name="Published">When it was published, bureau time.</param>
/// <param name="State">The process's runtime state in words (未启动流程 when none was started).</param>
/// <param name="Stage">The stage the process published, e.g. 公示中; empty when none.</param>
/// <param name="Version">The process instance's orchestration version; empty for none (started before versions), null with no process.</param>
public sealed record SelectionListRow(string Id, string Title, string Published, string State, string Stage, string? Version);
