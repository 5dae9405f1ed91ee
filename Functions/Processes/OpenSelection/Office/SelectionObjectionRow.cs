namespace EduFlows.Processes.OpenSelection.Office;

/// <summary>An objection as the office's page shows it, with its answer once given.</summary>
/// <param name="Id">The objection's id.</param>
/// <param name="AgainstStaffId">The candidate objected to.</param>
/// <param name="AgainstName">Their name.</param>
/// <param name="Text">What is objected.</param>
/// <param name="Sender">The sender's name, or 匿名.</param>
/// <param name="ReceivedAt">When received, bureau time.</param>
/// <param name="Finding">异议成立 / 异议不成立, or null while unanswered.</param>
/// <param name="Answer">The recorded answer.</param>
/// <param name="AnsweredBy">Who answered.</param>
public sealed record SelectionObjectionRow(string Id, string AgainstStaffId, string AgainstName, string Text, string Sender, string ReceivedAt, string? Finding, string? Answer, string? AnsweredBy);
