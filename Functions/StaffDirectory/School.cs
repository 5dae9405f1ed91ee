namespace EduFlows.StaffDirectory;

/// <summary>A school of the county.</summary>
/// <param name="Id">Stable id, e.g. "sch-0001".</param>
/// <param name="Name">Name, e.g. 旗城学校.</param>
/// <param name="Section">One of <see cref="DirectoryVocabulary.SchoolSections"/>.</param>
/// <param name="Town">Town or street office.</param>
/// <param name="Rural">True for a rural school.</param>
/// <param name="PrincipalId">The principal's staff id, if appointed.</param>
public sealed record School(string Id, string Name, string Section, string Town, bool Rural, string? PrincipalId = null);
