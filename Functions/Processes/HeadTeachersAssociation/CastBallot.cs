namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>
/// One ballot in the ballot box (table <c>{hub}HtaBallotBox</c>): the choices only, under an id keyed from its seal, with
/// no voter and no time, so the box cannot be joined to the voter roll (<see cref="VoterMark"/>) by any column it holds;
/// ballots reach the box in batches, so neither can its rows' write times.
/// </summary>
/// <param name="Id">An id unrelated to the voter (<see cref="BallotSeal.BoxIdOf"/>).</param>
/// <param name="ElectionId">The election.</param>
/// <param name="Choices">The candidates chosen (member ids).</param>
public sealed record CastBallot(string Id, string ElectionId, IReadOnlyList<string> Choices);
