namespace EduFlows.Processes.StaffReallocation;

/// <summary>The four rounds in order over a draft. Pure: the same draft always gives the same result.</summary>
public static class Reallocation
{
    /// <summary>The state after every round: each person placed (with round and rule) or unplaced (with reasons).</summary>
    public static CountyState Run(ReallocationDraft draft, bool swaps = true)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var state = CountyState.Start(draft.Posts, draft.Participants);
        state = DirectAppointmentRound.Run(state, draft.Criteria, draft.PrincipalConfirmations);
        state = SupportTeachingRound.Run(state);
        state = InSchoolCompetitionRound.Run(state, draft.SchoolRankings);
        return CrossSchoolCompetitionRound.Run(state, draft.RankedLists, draft.SchoolRankings, swaps);
    }
}
