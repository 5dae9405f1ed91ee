namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>A case submitted to a contest.</summary>
/// <param name="AuthorId">The author (a member; one case each per contest).</param>
/// <param name="Title">The title (at most 60 characters).</param>
/// <param name="Summary">The case in brief (at most 400 characters), as the panel reads it.</param>
public sealed record CaseForm(string? AuthorId, string? Title, string? Summary);
