namespace EduFlows.Processes.ShadowTraining;

/// <summary>Whether a trainee completed the week, and what was missing if not.</summary>
/// <param name="Completed">True when every condition of the rule holds.</param>
/// <param name="Missing">The conditions not met, in words (empty when completed).</param>
public sealed record CompletionDecision(bool Completed, IReadOnlyList<string> Missing)
{
    /// <summary>The same conditions in Chinese, for the trainee's mail.</summary>
    public IReadOnlyList<string> MissingZh { get; init; } = [];
}
