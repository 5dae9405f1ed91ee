namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>A term election as the office sets it up.</summary>
/// <param name="Title">Its title.</param>
/// <param name="Seats">Council seats to fill (1–30).</param>
/// <param name="NominationsClose">When nominations close and ballots go out (after now).</param>
/// <param name="BallotCloses">When the ballot closes (after nominations close).</param>
public sealed record ElectionForm(string? Title, int? Seats, DateTimeOffset? NominationsClose, DateTimeOffset? BallotCloses);
