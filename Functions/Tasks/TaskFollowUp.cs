namespace EduFlows.Tasks;

/// <summary>
/// A page the assignee can open once they have answered, linked from their receipt (e.g. the other reviewers' scores,
/// shown only after one's own): a path under the route prefix, opened with the same link token as the task.
/// </summary>
/// <param name="Label">The link's text.</param>
/// <param name="Path">The path under the route prefix, e.g. "researcher-reviews/researcher-review-2026H1-junior/scores/stf-00012".</param>
public sealed record TaskFollowUp(LocalizedText Label, string Path);
