namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>Members who attended an event, as the office records them on the day.</summary>
/// <param name="MemberIds">The members.</param>
public sealed record AttendanceForm(IReadOnlyList<string?>? MemberIds);
