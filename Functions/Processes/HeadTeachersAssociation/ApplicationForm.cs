namespace EduFlows.Processes.HeadTeachersAssociation;

/// <summary>An application to join, as the office enters it.</summary>
/// <param name="StaffId">The head teacher applying (directory id).</param>
/// <param name="Statement">Why they apply (at most 1000 characters).</param>
public sealed record ApplicationForm(string? StaffId, string? Statement);
