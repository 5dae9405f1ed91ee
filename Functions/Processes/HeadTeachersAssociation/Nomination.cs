namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>A member nominated for the association's council in a term election.</summary>
/// <param name="MemberId">The nominee (a member).</param>
/// <param name="Name">Their name.</param>
/// <param name="SchoolName">Their school.</param>
/// <param name="NominatedBy">The member who nominated them.</param>
/// <param name="NominatedAt">When.</param>
public sealed record Nomination(string MemberId, string Name, string SchoolName, string NominatedBy, DateTimeOffset NominatedAt);
