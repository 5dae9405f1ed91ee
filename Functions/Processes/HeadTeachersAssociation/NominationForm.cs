namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>A nomination, as the office records it.</summary>
/// <param name="NomineeId">The member nominated.</param>
/// <param name="NominatedBy">The member who nominates.</param>
public sealed record NominationForm(string? NomineeId, string? NominatedBy);
