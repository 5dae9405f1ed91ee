namespace EduFlows.Processes.ShadowTraining;

/// <summary>How a trainee's sub-orchestration ended.</summary>
/// <param name="TraineeId">The trainee.</param>
/// <param name="BaseId">The base.</param>
/// <param name="Status">Deferred, completed or not.</param>
/// <param name="Week">What the week produced (null for a deferral).</param>
/// <param name="Missing">What was missing for completion.</param>
/// <param name="CertificateNo">The certificate, when completed.</param>
public sealed record TraineeOutcome(string TraineeId, string BaseId, TraineeStatus Status, TraineeWeek? Week, IReadOnlyList<string> Missing, string? CertificateNo);
