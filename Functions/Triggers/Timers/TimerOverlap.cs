namespace EduFlows.Triggers.Timers;

/// <summary>What a timer does with occurrences that fall while its previous run is still running (Temporal's overlap policy).</summary>
public enum TimerOverlap
{
    /// <summary>They run once, right after the run ends (Temporal's BufferOne); the default, as the Functions host does.</summary>
    RunOnceAfter,

    /// <summary>They are skipped; the timer goes on from the first occurrence after the run ends (Temporal's Skip).</summary>
    Skip,
}
