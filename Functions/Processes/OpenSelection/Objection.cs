namespace EduFlows.Processes.OpenSelection;

/// <summary>An objection (异议) raised during the public notice, anonymous or named, and its recorded answer.</summary>
/// <param name="Id">The objection's id, given to the sender so they can follow it.</param>
/// <param name="AgainstStaffId">The candidate objected to.</param>
/// <param name="Text">What is objected.</param>
/// <param name="SenderName">The sender's name; null when anonymous.</param>
/// <param name="At">When received.</param>
/// <param name="Upheld">The decision: true upheld (the candidate is removed), false rejected, null not yet answered.</param>
/// <param name="Answer">The recorded answer (核查结果).</param>
/// <param name="AnsweredBy">Who answered.</param>
public sealed record Objection(string Id, string AgainstStaffId, string Text, string? SenderName, DateTimeOffset At, bool? Upheld = null, string? Answer = null, string? AnsweredBy = null);
