using EduFlows.Hosting;

namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>A member's form that was refused: shown again with each reason at its field and what they entered kept.</summary>
/// <param name="Form">Which form: "application", "nomination-{electionId}" or "case-{year}".</param>
/// <param name="Errors">The fields at fault, with their Chinese reasons.</param>
/// <param name="Entered">What was entered, by field.</param>
public sealed record MemberFormFailure(string Form, IReadOnlyList<FieldError> Errors, IReadOnlyDictionary<string, string?> Entered);
