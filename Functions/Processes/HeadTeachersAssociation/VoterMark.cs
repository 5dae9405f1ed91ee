namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>
/// That a member has voted in an election (table <c>{hub}HtaVoters</c>, one row per member and election, added once):
/// the voter roll's tick. The ballot goes in with the tick, sealed (<see cref="BallotSeal"/>), in the same single write,
/// so a crash can neither lose the vote nor let it be cast twice; it leaves for the ballot box with a batch of others
/// and the seal is then cleared, so the roll keeps nothing of the choice and the box's write times say nothing of who.
/// </summary>
/// <remarks>
/// A held ballot is taken for the box (<see cref="Taken"/>) before it is written there, by one conditional write: a
/// vote that arrives after the count began withdraws its own row by a write conditional on the row as it added it.
/// One of the two wins, so a vote is either counted or refused, never confirmed and left out.
/// </remarks>
/// <param name="ElectionId">The election.</param>
/// <param name="MemberId">The member who voted.</param>
/// <param name="VotedAt">When.</param>
public sealed record VoterMark(string ElectionId, string MemberId, DateTimeOffset VotedAt)
{
    /// <summary>The row's id.</summary>
    public string Id => IdOf(ElectionId, MemberId);

    /// <summary>The sealed ballot while it waits for its batch; null once it is in the box.</summary>
    public string? Sealed { get; init; }

    /// <summary>True once a batch or the count has taken the held ballot for the box: it is then counted and can no longer be withdrawn.</summary>
    public bool Taken { get; init; }

    /// <summary>The row's id of a member's tick in an election.</summary>
    public static string IdOf(string electionId, string memberId) => $"{electionId}|{memberId}";
}
