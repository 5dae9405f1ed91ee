namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>
/// That a member has voted in an election (table <c>{hub}HtaVoters</c>, one row per member and election, added once):
/// the voter roll's tick. The ballot goes in with the tick, sealed (<see cref="BallotSeal"/>), in the same single write,
/// so a crash can neither lose the vote nor let it be cast twice; it leaves for the ballot box with a batch of others
/// and the seal is then cleared, so the roll keeps nothing of the choice and the box's write times say nothing of who.
/// </summary>
/// <remarks>
/// When the count begins it closes the roll: every member without a tick gets a row that holds no ballot
/// (<see cref="NotVoted"/>). A vote that passed the ballot's checks before the close but reaches the roll after it finds
/// its row taken, so every tick is older than the count's last move, which boxes it: no sealed ballot outlives the count,
/// and no vote is confirmed and left out.
/// </remarks>
/// <param name="ElectionId">The election.</param>
/// <param name="MemberId">The member.</param>
/// <param name="VotedAt">When they voted; for a <see cref="NotVoted"/> row, when the roll was closed.</param>
public sealed record VoterMark(string ElectionId, string MemberId, DateTimeOffset VotedAt)
{
    /// <summary>The row's id.</summary>
    public string Id => IdOf(ElectionId, MemberId);

    /// <summary>The sealed ballot while it waits for its batch; null once it is in the box.</summary>
    public string? Sealed { get; init; }

    /// <summary>True for the row the count's close wrote for a member who had not voted: no ballot, and none can be added.</summary>
    public bool NotVoted { get; init; }

    /// <summary>The row's id of a member's tick in an election.</summary>
    public static string IdOf(string electionId, string memberId) => $"{electionId}|{memberId}";
}
