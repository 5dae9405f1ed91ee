using EduFlows.StaffDirectory;

namespace EduFlows.Workbench;

/// <summary>What the county page shows: the units, the holders of each role the processes name, and a staff search's hits.</summary>
/// <param name="Schools">Every school.</param>
/// <param name="Departments">Every bureau department.</param>
/// <param name="Researchers">The teaching-research office's researchers.</param>
/// <param name="Bases">Every training base.</param>
/// <param name="Leaders">The bureau's leaders.</param>
/// <param name="Names">Names of the role holders by staff id (principals, heads, researchers, leaders).</param>
/// <param name="Query">The search as typed, if any.</param>
/// <param name="Found">The search's hits (at most <see cref="CountyApi.SearchLimit"/>).</param>
/// <param name="Roles">Per process, the ids to try it with (a pool member, a lecture attendee, an association member…).</param>
public sealed record CountyDirectory(
    IReadOnlyList<School> Schools,
    IReadOnlyList<Department> Departments,
    IReadOnlyList<StaffMember> Researchers,
    IReadOnlyList<TrainingBase> Bases,
    IReadOnlyList<StaffMember> Leaders,
    IReadOnlyDictionary<string, string> Names,
    string? Query,
    IReadOnlyList<StaffMember> Found,
    IReadOnlyList<DemoCountyRole> Roles);
