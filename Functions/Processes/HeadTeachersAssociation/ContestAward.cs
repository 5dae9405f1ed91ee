namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>One case's place in an awarded contest; the author is named only here, after the scoring.</summary>
/// <param name="Code">The case's number.</param>
/// <param name="Title">Its title.</param>
/// <param name="AuthorId">The author.</param>
/// <param name="AuthorName">The author's name.</param>
/// <param name="SchoolName">The author's school.</param>
/// <param name="Score">The panel's combined score; null when no reviewer scored it.</param>
/// <param name="Reviewers">How many reviewers scored it.</param>
/// <param name="Rank">1 for the best; equal scores share a rank; null when unscored.</param>
/// <param name="Award">"一等奖", "二等奖", "三等奖", or null.</param>
public sealed record ContestAward(string Code, string Title, string AuthorId, string AuthorName, string SchoolName, decimal? Score, int Reviewers, int? Rank, string? Award);
