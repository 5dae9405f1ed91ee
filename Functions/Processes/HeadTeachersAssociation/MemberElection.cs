namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>An election as one member sees it.</summary>
/// <param name="Election">The election (its nominations name their nominators: shown only as "nominated by you").</param>
/// <param name="CanNominate">Nominations are open now.</param>
/// <param name="Nominable">Members not yet nominated (the member themself first), while nominations are open.</param>
/// <param name="BallotOpen">The ballot is open, the member was sent one and has not voted.</param>
/// <param name="Voted">The member has voted.</param>
public sealed record MemberElection(Election Election, bool CanNominate, IReadOnlyList<AssociationMember> Nominable, bool BallotOpen, bool Voted);
