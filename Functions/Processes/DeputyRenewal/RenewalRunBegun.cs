namespace EduFlows.Processes.DeputyRenewal;

/// <summary>The run a round makes for itself as it begins (<see cref="DeputyRenewalActivities.BeginRun"/>, <see cref="DeputyRenewal.OwnsItsRunSince"/>).</summary>
/// <param name="Execution">This run's own execution (<see cref="RenewalRun.Execution"/>), new at each start or restart.</param>
/// <param name="StartedAgain">Whether an earlier run of the round's id left its record (<see cref="RenewalRun.StartedAgain"/>).</param>
public sealed record RenewalRunBegun(string Execution, bool StartedAgain);
