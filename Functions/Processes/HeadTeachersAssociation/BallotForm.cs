namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>A member's ballot: the candidates chosen (member ids), at most the seats.</summary>
/// <param name="Choices">The candidates.</param>
public sealed record BallotForm(IReadOnlyList<string?>? Choices);
