using EduFlows.Scoring;

namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>A year's case contest as the office sets it up.</summary>
/// <param name="Title">Its title.</param>
/// <param name="SubmissionsClose">When submissions close (after now).</param>
/// <param name="ReviewDue">When the reviewers' scores are due (after submissions close).</param>
/// <param name="ReviewerIds">The panel (1–15 staff in the directory).</param>
/// <param name="MaxPoints">The scale (default 100).</param>
/// <param name="Rule">How scores combine (default: trimmed mean from 5 reviewers).</param>
/// <param name="Awards">How many of each award (default 1, 2, 3).</param>
/// <param name="OwnerId">Who runs it.</param>
public sealed record ContestForm(string? Title, DateTimeOffset? SubmissionsClose, DateTimeOffset? ReviewDue, IReadOnlyList<string?>? ReviewerIds, decimal? MaxPoints = null, PanelRule? Rule = null, AwardTiers? Awards = null, string? OwnerId = null);
