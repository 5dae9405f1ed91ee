namespace EduFlows.Processes.Training;

/// <summary>The office's closing of a course or lecture.</summary>
/// <param name="At">When (UTC).</param>
/// <param name="By">Who (the key's holder: "office").</param>
/// <param name="Reason">Why, when given.</param>
public sealed record LectureClosure(DateTimeOffset At, string By, string? Reason);
