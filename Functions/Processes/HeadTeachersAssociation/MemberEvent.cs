namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>An event with the member's own attendance.</summary>
/// <param name="Event">The event.</param>
/// <param name="Attended">They are recorded as attending.</param>
/// <param name="Started">It has started.</param>
public sealed record MemberEvent(SalonEvent Event, bool Attended, bool Started);
