namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>
/// That a member has voted in an election (table <c>{hub}HtaVoters</c>, one row per member and election, added once):
/// the voter roll's tick, kept apart from the ballot box and holding nothing of the choice.
/// </summary>
/// <param name="ElectionId">The election.</param>
/// <param name="MemberId">The member who voted.</param>
/// <param name="VotedAt">When.</param>
public sealed record VoterMark(string ElectionId, string MemberId, DateTimeOffset VotedAt)
{
    /// <summary>The row's id.</summary>
    public string Id => $"{ElectionId}|{MemberId}";
}
