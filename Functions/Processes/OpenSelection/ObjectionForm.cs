namespace EduFlows.Processes.OpenSelection;

/// <summary>An objection as sent during the notice; no sign-in needed, the name may be left empty (anonymous).</summary>
/// <param name="AgainstStaffId">The candidate on the notice.</param>
/// <param name="Text">What is objected.</param>
/// <param name="SenderName">The sender's name, or empty.</param>
public sealed record ObjectionForm(string? AgainstStaffId, string? Text, string? SenderName);
