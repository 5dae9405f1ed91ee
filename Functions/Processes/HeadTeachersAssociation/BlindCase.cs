namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>A case as the review panel sees it: no author, no school.</summary>
/// <param name="Code">The case's number in the contest.</param>
/// <param name="Title">Its title.</param>
/// <param name="Summary">Its summary.</param>
public sealed record BlindCase(string Code, string Title, string Summary);
