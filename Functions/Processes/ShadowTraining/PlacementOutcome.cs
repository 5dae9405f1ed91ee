using EduFlows.Hosting;

namespace EduFlows.Processes.ShadowTraining;

/// <summary>What the placement rule decided: every trainee placed, or the batch refused with the field at fault and why.</summary>
/// <param name="Placements">One per candidate, in candidate order; empty when refused.</param>
/// <param name="Refusal">Why the batch cannot be placed; null when it can.</param>
public sealed record PlacementOutcome(IReadOnlyList<Placement> Placements, FieldError? Refusal)
{
    /// <summary>A refusal: the reason in English (as stored and tested) and in Chinese (as the office reads it first).</summary>
    public static PlacementOutcome Refused(string field, string reason, string reasonZh) => new([], new FieldError(field, reason) { ReasonZh = reasonZh });
}
