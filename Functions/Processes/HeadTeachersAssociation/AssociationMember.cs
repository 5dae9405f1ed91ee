namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>A member of the head-teachers' association (班主任学会), table <c>{hub}HtaMembers</c>, keyed by staff id.</summary>
/// <param name="StaffId">The head teacher (directory id).</param>
/// <param name="Name">Their name when they joined.</param>
/// <param name="SchoolName">Their school when they joined.</param>
/// <param name="JoinedAt">When the office approved the application.</param>
/// <param name="ApplicationId">The approved application, for the record of who decided.</param>
public sealed record AssociationMember(string StaffId, string Name, string SchoolName, DateTimeOffset JoinedAt, string ApplicationId);
