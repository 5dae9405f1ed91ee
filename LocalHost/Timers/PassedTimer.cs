namespace EduFlows.Triggers.Timers;

/// <summary>A timer occurrence a move of the dev clock passes.</summary>
/// <param name="Name">The timer function.</param>
/// <param name="Occurrence">The first occurrence passed (later ones passed too collapse into one run, as after downtime).</param>
/// <param name="Runs">True: it runs once, late (past due), as soon as the clock is moved; false: it was skipped, or is paused.</param>
/// <param name="Paused">True: the office paused it, so the move runs none of its occurrences.</param>
public sealed record PassedTimer(string Name, DateTimeOffset Occurrence, bool Runs, bool Paused = false);
