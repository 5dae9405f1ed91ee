namespace EduFlows.StaffDirectory;

/// <summary>A person to try a process with, as the county page lists them: the role, the id and where to look.</summary>
/// <param name="ProcessZh">The process in Chinese, e.g. 后备人才库.</param>
/// <param name="ProcessEn">The process in English.</param>
/// <param name="RoleZh">The role in Chinese, e.g. 后备校长（库内成员）.</param>
/// <param name="RoleEn">The role in English.</param>
/// <param name="StaffId">The id to use.</param>
/// <param name="Name">The person's name.</param>
/// <param name="Path">The office page to look at, under the route prefix (e.g. <c>office/reserve-pool</c>).</param>
/// <param name="Query">A query pair for that page (a filter, a year), if any.</param>
public sealed record DemoCountyRole(string ProcessZh, string ProcessEn, string RoleZh, string RoleEn, string StaffId, string Name, string Path, (string Name, string Value)? Query = null);
