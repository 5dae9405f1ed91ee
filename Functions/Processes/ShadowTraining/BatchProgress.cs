namespace EduFlows.Processes.ShadowTraining;

/// <summary>A batch's custom status: who is at which base; counts once finished (each trainee's own status says what is missing).</summary>
/// <param name="BatchId">The batch.</param>
/// <param name="WeekStart">The Monday.</param>
/// <param name="Stage">running or finished.</param>
/// <param name="Bases">Each base with its mentor and trainees.</param>
/// <param name="Completed">Trainees who completed (when finished).</param>
/// <param name="NotCompleted">Trainees who did not (when finished).</param>
/// <param name="Deferred">Trainees deferred (when finished).</param>
/// <param name="Failed">Trainees whose week broke off with an error (when finished).</param>
public sealed record BatchProgress(string BatchId, DateOnly WeekStart, string Stage, IReadOnlyList<BaseProgress> Bases, int? Completed = null, int? NotCompleted = null, int? Deferred = null, int? Failed = null);

/// <summary>One base in a batch's status.</summary>
/// <param name="BaseId">The base.</param>
/// <param name="Name">The host school.</param>
/// <param name="Mentor">The mentor's name.</param>
/// <param name="Trainees">"Name (id)" of each trainee there.</param>
public sealed record BaseProgress(string BaseId, string Name, string Mentor, IReadOnlyList<string> Trainees);
