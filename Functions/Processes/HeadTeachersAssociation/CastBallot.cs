namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>
/// One ballot in the ballot box (table <c>{hub}HtaBallotBox</c>): the choices only, under a random id, with no voter and
/// no time, so the box cannot be joined to the voter roll (<see cref="VoterMark"/>) by any column it holds.
/// </summary>
/// <param name="Id">A random id, unrelated to the voter.</param>
/// <param name="ElectionId">The election.</param>
/// <param name="Choices">The candidates chosen (member ids).</param>
public sealed record CastBallot(string Id, string ElectionId, IReadOnlyList<string> Choices);
