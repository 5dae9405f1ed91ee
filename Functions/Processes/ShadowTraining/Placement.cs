namespace EduFlows.Processes.ShadowTraining;

/// <summary>One trainee at one base, with the reasons the rule (or an administrator) gave.</summary>
/// <param name="TraineeId">The trainee.</param>
/// <param name="BaseId">The training base.</param>
/// <param name="Explanation">Why here, in a sentence.</param>
/// <param name="Adjusted">True when an administrator moved the trainee here.</param>
/// <param name="AdjustedBy">Who moved them: the staff id the administrator gave, or "administrator (master key)".</param>
/// <param name="AdjustedAt">When.</param>
public sealed record Placement(string TraineeId, string BaseId, string Explanation, bool Adjusted = false, string? AdjustedBy = null, DateTimeOffset? AdjustedAt = null);
