namespace EduFlows.Workbench.Operations;

/// <summary>One orchestration instance in the office's instance list.</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="Orchestrator">Its orchestrator function.</param>
/// <param name="Process">Its process's name.</param>
/// <param name="Status">Its status, in words.</param>
/// <param name="StatusCode">Its status's name, for the row's data attribute (not shown).</param>
/// <param name="Created">When it was created (bureau time).</param>
/// <param name="Updated">When it last changed (bureau time).</param>
/// <param name="Stage">Its custom status, in words.</param>
/// <param name="Version">The orchestration version it was started with; empty when unversioned or not known to the host.</param>
public sealed record OfficeInstanceRow(string InstanceId, string Orchestrator, string Process, string Status, string StatusCode, string Created, string Updated, string Stage, string Version = "");
