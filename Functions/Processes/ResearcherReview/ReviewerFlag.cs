namespace EduFlows.Processes.ResearcherReview;

/// <summary>A reviewer far out of line with the other reviewers on one researcher and indicator.</summary>
/// <param name="ReviewerId">The reviewer.</param>
/// <param name="ResearcherId">The researcher scored.</param>
/// <param name="IndicatorId">The indicator.</param>
/// <param name="Points">What the reviewer gave.</param>
/// <param name="OthersMean">The other reviewers' mean.</param>
public sealed record ReviewerFlag(string ReviewerId, string ResearcherId, string IndicatorId, decimal Points, decimal OthersMean);
