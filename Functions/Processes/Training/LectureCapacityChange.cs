namespace EduFlows.Processes.Training;

/// <summary>
/// The office's last change of a lecture's seats, kept on the lecture: a retry that finds the seats already as asked
/// writes the audit entry and the moved-up mails again from it (under the same ids, so each is kept once).
/// </summary>
/// <param name="From">The seats before.</param>
/// <param name="To">The seats after.</param>
/// <param name="At">When (UTC).</param>
/// <param name="MovedUp">Who moved up from the waiting list, in order.</param>
public sealed record LectureCapacityChange(int From, int To, DateTimeOffset At, IReadOnlyList<string> MovedUp);
