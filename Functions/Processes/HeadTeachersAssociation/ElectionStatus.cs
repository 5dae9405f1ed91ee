namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>Where a term election stands.</summary>
public enum ElectionStatus
{
    /// <summary>Nominations are open.</summary>
    Nominating,

    /// <summary>Ballots are out; members vote by their mail link.</summary>
    Voting,

    /// <summary>The ballot has closed and the results are published.</summary>
    Published,
}
