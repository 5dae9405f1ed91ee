namespace EduFlows.Processes.DeputyRenewal;

/// <summary>The input of one objection's review (<see cref="DeputyRenewal.ObjectionReviewName"/>).</summary>
/// <param name="Run">The school's round.</param>
/// <param name="SchoolName">The school's name, for the task's subject.</param>
/// <param name="PersonName">The person objected to.</param>
/// <param name="Due">When the bureau's finding is due (working days of the shared calendar).</param>
/// <param name="Objection">The objection as received, not yet looked into.</param>
public sealed record RenewalObjectionReview(RenewalRun Run, string SchoolName, string PersonName, DateTime Due, RenewalObjectionFinding Objection);
