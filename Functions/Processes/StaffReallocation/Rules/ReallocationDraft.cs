namespace EduFlows.Processes.StaffReallocation;

/// <summary>Everything the four rounds read: a live run's inputs, or a draft the bureau tries before committing.</summary>
/// <param name="Posts">The published posts.</param>
/// <param name="Participants">Everyone taking part, with points.</param>
/// <param name="Criteria">The direct-appointment criteria.</param>
/// <param name="PrincipalConfirmations">Staff ids whose direct appointment their principal confirmed.</param>
/// <param name="SchoolRankings">Per school id, its own ranking of staff ids, best first (schools without one rank by points).</param>
/// <param name="RankedLists">Per staff id, the cross-school ranked list of post ids.</param>
public sealed record ReallocationDraft(
    IReadOnlyList<SchoolPost> Posts,
    IReadOnlyList<Participant> Participants,
    DirectAppointmentCriteria Criteria,
    IReadOnlySet<string> PrincipalConfirmations,
    IReadOnlyDictionary<string, IReadOnlyList<string>> SchoolRankings,
    IReadOnlyDictionary<string, IReadOnlyList<string>> RankedLists);
