using System.Text.Json.Serialization;

namespace EduFlows.Workbench;

/// <summary>One running, pending or suspended orchestration instance as the office home lists it.</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="State">Running, pending or suspended, in the page's language.</param>
/// <param name="Started">When it was created (bureau time).</param>
/// <param name="Updated">When it last changed (bureau time).</param>
/// <param name="Stage">Its stage from the custom status, in the page's language; empty when it publishes none that is known.</param>
/// <param name="RawStatus">The custom status as published (JSON), if any.</param>
/// <param name="OpenTasks">Its open tasks.</param>
/// <param name="OverdueTasks">Of those, the ones past their due time.</param>
/// <param name="Links">The process's report pages and the management API's status URL (label, href); the page's navigation, left out of the JSON.</param>
/// <param name="Version">The orchestration version it was started on (old ones keep theirs after a deploy); empty when unversioned or unknown.</param>
/// <param name="NextTimer">Its own next durable timer, as it publishes it in its custom status (or, for one that publishes none, read from its history); null when it waits on none.</param>
public sealed record RunningInstance(
    string InstanceId,
    string State,
    string Started,
    string Updated,
    string Stage,
    string? RawStatus,
    int OpenTasks,
    int OverdueTasks,
    [property: JsonIgnore] IReadOnlyList<(string Label, string Href)> Links,
    string Version,
    InstanceTimer? NextTimer = null);
