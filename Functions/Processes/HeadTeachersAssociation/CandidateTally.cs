namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>One candidate's votes in a published election.</summary>
/// <param name="MemberId">The candidate.</param>
/// <param name="Name">Their name.</param>
/// <param name="SchoolName">Their school.</param>
/// <param name="Votes">Ballots that chose them.</param>
/// <param name="Rank">1 for the most votes; equal votes share a rank.</param>
/// <param name="Elected">Within the seats on votes alone.</param>
/// <param name="Tied">Tied with another candidate across the last seat: neither is elected until the office holds a run-off.</param>
public sealed record CandidateTally(string MemberId, string Name, string SchoolName, int Votes, int Rank, bool Elected, bool Tied);
