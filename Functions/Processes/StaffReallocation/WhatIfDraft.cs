namespace EduFlows.Processes.StaffReallocation;

/// <summary>A draft the bureau tries before committing (JSON body of the what-if).</summary>
/// <param name="Posts">The posts.</param>
/// <param name="Participants">The people with points.</param>
/// <param name="PrincipalConfirmations">Staff ids whose direct appointment would be confirmed.</param>
/// <param name="SchoolRankings">Per school, staff ids best first.</param>
/// <param name="RankedLists">Per staff id, post ids most wanted first.</param>
public sealed record WhatIfDraft(
    IReadOnlyList<SchoolPost>? Posts,
    IReadOnlyList<Participant>? Participants,
    IReadOnlyList<string>? PrincipalConfirmations,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? SchoolRankings,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? RankedLists);
