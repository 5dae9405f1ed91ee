namespace EduFlows.StaffDirectory;

/// <summary>
/// A relative a staff member has declared to the bureau (亲属申报), kept in the directory so that panels and reviews can
/// avoid them. The tie counts both ways: A declaring B conflicts B with A too.
/// </summary>
/// <param name="StaffId">The relative's directory id.</param>
/// <param name="Relation">How they are related, in the bureau's words: 夫妻, 父子, 母女, 兄弟姐妹 ….</param>
public sealed record DeclaredRelative(string StaffId, string Relation);
