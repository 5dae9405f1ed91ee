namespace EduFlows.Processes.DeputyRenewal;

/// <summary>The input of the notice mail (<see cref="DeputyRenewalActivities.NoticeMail"/>): the round and its record as the notice opens.</summary>
/// <param name="Run">The school's round (its timetable and time zone).</param>
/// <param name="Record">The record, its notice days and the people on it.</param>
public sealed record RenewalNotice(RenewalRun Run, RenewalRecord Record);
