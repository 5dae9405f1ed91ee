namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>
/// That a member has voted in an election (table <c>{hub}HtaVoters</c>, one row per member and election, added once):
/// the voter roll's tick. The ballot goes in with the tick, sealed (<see cref="BallotSeal"/>), in the same single write,
/// so a crash can neither lose the vote nor let it be cast twice; it leaves for the ballot box with a batch of others
/// and the seal is then cleared, so the roll keeps nothing of the choice and the box's write times say nothing of who.
/// </summary>
/// <param name="ElectionId">The election.</param>
/// <param name="MemberId">The member who voted.</param>
/// <param name="VotedAt">When.</param>
public sealed record VoterMark(string ElectionId, string MemberId, DateTimeOffset VotedAt)
{
    /// <summary>The row's id.</summary>
    public string Id => $"{ElectionId}|{MemberId}";

    /// <summary>The sealed ballot while it waits for its batch; null once it is in the box.</summary>
    public string? Sealed { get; init; }
}
