namespace EduFlows.Processes.StaffReallocation;

/// <summary>The rule that decided a placement: told to the person in the result mail and kept for traceability.</summary>
public enum PlacementRule
{
    /// <summary>Direct appointment: a leadership post named in the criteria, confirmed by the principal.</summary>
    DirectLeadership = 1,

    /// <summary>Direct appointment: within the criteria's years of retirement, confirmed by the principal.</summary>
    DirectNearRetirement,

    /// <summary>Support teaching: a volunteer, taken by points.</summary>
    SupportVolunteer,

    /// <summary>Support teaching: on the rota, taken by points after the volunteers.</summary>
    SupportRota,

    /// <summary>In-school competition decided by points (the school gave no ranking).</summary>
    InSchoolByPoints,

    /// <summary>In-school competition decided by the school's own ranking.</summary>
    InSchoolBySchoolRanking,

    /// <summary>Cross-school competition: the person applied elsewhere but nothing better was open to them, so the in-school option they held stands.</summary>
    InSchoolOptionKept,

    /// <summary>Cross-school competition: placed by staff-proposing deferred acceptance, the post's school ordering the person by points (it gave no ranking, or did not rank them).</summary>
    DeferredAcceptance,

    /// <summary>Cross-school competition: a mutually better exchange with another person after deferred acceptance.</summary>
    Swap,

    /// <summary>Unplaced (落聘) after every round: the bureau assigned the person to a post with a free seat, deciding the case by task.</summary>
    BureauDecision,

    /// <summary>Cross-school competition: placed by staff-proposing deferred acceptance, the post's school ordering the person by its own ranking.</summary>
    DeferredAcceptanceBySchoolRanking,
}
