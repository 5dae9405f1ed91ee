namespace EduFlows.Workbench.Operations;

/// <summary>One instance as its page shows it.</summary>
/// <param name="Row">Its status, process and times.</param>
/// <param name="Input">Its input (JSON), if any.</param>
/// <param name="Output">Its output or failure, if any.</param>
/// <param name="CustomStatus">Its custom status (JSON), if any.</param>
/// <param name="History">Its history, oldest first.</param>
/// <param name="Actions">The actions that apply to it now (path segment, label).</param>
/// <param name="Version">The orchestration version it was started with (empty when unversioned).</param>
public sealed record OfficeInstanceDetail(
    OfficeInstanceRow Row, string? Input, string? Output, string? CustomStatus, IReadOnlyList<OfficeHistoryStep> History, IReadOnlyList<(string Action, string Label)> Actions, string Version);
