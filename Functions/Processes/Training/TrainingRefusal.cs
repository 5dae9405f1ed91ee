namespace EduFlows.Processes.Training;

/// <summary>Why the desk did not do what was asked: the status to answer with, the field at fault, and why (Chinese first).</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Field">The field, token or code at fault.</param>
/// <param name="Zh">Why, in Chinese.</param>
/// <param name="En">Why, in English.</param>
public sealed record TrainingRefusal(int Status, string Field, string Zh, string En);
