namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>Where a term election stands.</summary>
/// <remarks>Stored by name, so the order here is only the reading order; later stages were added at the end.</remarks>
public enum ElectionStatus
{
    /// <summary>Nominations are open.</summary>
    Nominating,

    /// <summary>Ballots are out; members vote by their mail link.</summary>
    Voting,

    /// <summary>The ballot has closed and the results are published.</summary>
    Published,

    /// <summary>
    /// The ballot has closed and the last ballots are going into the box to be counted: no vote is taken any more, and a
    /// vote written after this began is withdrawn by its voter (refused) unless the count already took it.
    /// </summary>
    Counting,

    /// <summary>Nominations closed with nobody nominated: no ballot was sent and the office was told; the election ends here.</summary>
    NoCandidates,
}
