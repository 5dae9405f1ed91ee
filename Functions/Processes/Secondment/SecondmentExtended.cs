namespace EduFlows.Processes.Secondment;

/// <summary>An extension the rule granted, for the mail that tells the person and both heads.</summary>
/// <param name="Plan">The assignment.</param>
/// <param name="State">Where it stands once extended: its <see cref="SecondmentState.Extensions"/> is this extension's number, its <see cref="SecondmentState.TotalMonths"/> the new length.</param>
/// <param name="Months">The months this extension adds.</param>
/// <param name="Reason">The owner's reason, if one was given.</param>
public sealed record SecondmentExtended(SecondmentPlan Plan, SecondmentState State, int Months, string? Reason);
