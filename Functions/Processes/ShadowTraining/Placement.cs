namespace EduFlows.Processes.ShadowTraining;

/// <summary>One trainee at one base, with the reasons the rule (or an administrator) gave.</summary>
/// <param name="TraineeId">The trainee.</param>
/// <param name="BaseId">The training base.</param>
/// <param name="Explanation">Why here, in a sentence (English; <see cref="ExplanationZh"/> says it in Chinese).</param>
/// <param name="Adjusted">True when an administrator moved the trainee here.</param>
/// <param name="AdjustedBy">Who moved them: the staff id the administrator gave, or "administrator (master key)".</param>
/// <param name="AdjustedAt">When.</param>
public sealed record Placement(string TraineeId, string BaseId, string Explanation, bool Adjusted = false, string? AdjustedBy = null, DateTimeOffset? AdjustedAt = null)
{
    /// <summary>Why here, in Chinese, as the office reads it; null for placements stored before it was written.</summary>
    public string? ExplanationZh { get; init; }

    /// <summary>The same trainee at the same base for the same reasons.</summary>
    /// <remarks>
    /// <see cref="ExplanationZh"/> is left out: it says <see cref="Explanation"/> again in Chinese, and a placement
    /// stored before it was written (without it) is still the same placement.
    /// </remarks>
    public bool Equals(Placement? other) =>
        other is not null
        && TraineeId == other.TraineeId && BaseId == other.BaseId && Explanation == other.Explanation
        && Adjusted == other.Adjusted && AdjustedBy == other.AdjustedBy && AdjustedAt == other.AdjustedAt;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(TraineeId, BaseId, Explanation, Adjusted, AdjustedBy, AdjustedAt);
}
