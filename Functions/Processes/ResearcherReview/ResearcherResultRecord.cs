namespace EduFlows.Processes.ResearcherReview;

/// <summary>One researcher's published result in one review, as stored (one row each, so the table stays small per row).</summary>
/// <param name="ReviewId">The review.</param>
/// <param name="Section">The section.</param>
/// <param name="Period">The half year.</param>
/// <param name="Result">The result with its breakdown.</param>
public sealed record ResearcherResultRecord(string ReviewId, string Section, ReviewPeriod Period, ResearcherResult Result)
{
    /// <summary>
    /// Reviewers out of line on this researcher, for the office only (never served to the researcher). Kept with the
    /// researcher's row, not the review's, so that a section with many flags still fits a table row.
    /// </summary>
    public IReadOnlyList<ReviewerFlag> ReviewerFlags { get; init; } = [];

    /// <summary>The row id: review and researcher.</summary>
    public string Id => $"{ReviewId}.{Result.ResearcherId}";
}
