namespace EduFlows.Tasks;

/// <summary>What a submitter gets back, and what the waiting orchestration receives as the event.</summary>
/// <param name="ReceiptId">The receipt number.</param>
/// <param name="TaskId">The task answered.</param>
/// <param name="SubmittedBy">The staff member who answered.</param>
/// <param name="SubmittedAt">When.</param>
/// <param name="Values">The answer, field by field.</param>
public sealed record TaskReceipt(string ReceiptId, string TaskId, string SubmittedBy, DateTimeOffset SubmittedAt, IReadOnlyDictionary<string, string> Values);
