namespace EduFlows.Processes.ShadowTraining;

/// <summary>A trainee's custom status: where they are, how far the week is, what is missing and what is awaited.</summary>
/// <param name="TraineeId">The trainee.</param>
/// <param name="TraineeName">Their name.</param>
/// <param name="Base">The host school.</param>
/// <param name="Mentor">The mentor's name.</param>
/// <param name="Stage">awaiting-confirmation, deferral-requested, deferred, confirmed, day-1 … day-5, awaiting-evaluation, completed, not-completed.</param>
/// <param name="AttendedDays">Days recorded present so far.</param>
/// <param name="Journals">Journals handed in so far.</param>
/// <param name="Missing">What was missed (expired tasks, absences).</param>
/// <param name="Waiting">Tasks still open, and who must act.</param>
/// <param name="MissingZh">The same as <paramref name="Missing"/> in Chinese, for the office (null in statuses written before it).</param>
/// <param name="WaitingZh">The same as <paramref name="Waiting"/> in Chinese, for the office (null in statuses written before it).</param>
public sealed record TraineeProgress(
    string TraineeId, string TraineeName, string Base, string Mentor, string Stage, int AttendedDays, int Journals, IReadOnlyList<string> Missing, IReadOnlyList<string> Waiting,
    IReadOnlyList<string>? MissingZh = null, IReadOnlyList<string>? WaitingZh = null);
