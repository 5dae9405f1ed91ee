namespace EduFlows.Processes.Training;

/// <summary>The office's removal of a wrong check-in (or credit).</summary>
/// <param name="At">When (UTC).</param>
/// <param name="By">Who (the key's holder: "office").</param>
/// <param name="Reason">Why.</param>
/// <param name="Hours">The hours it had credited, now 0.</param>
public sealed record AttendanceWithdrawal(DateTimeOffset At, string By, string Reason, decimal Hours);
