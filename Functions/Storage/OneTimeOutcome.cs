namespace EduFlows.Storage;

/// <summary>How a run of one-time work (<see cref="OneTimeWork{TMark, TPoint}.RunAsync"/>) ended.</summary>
public enum OneTimeOutcome
{
    /// <summary>This run did the work and wrote its mark.</summary>
    Done,

    /// <summary>The mark was there already (written by another run, host or version): nothing was done.</summary>
    DoneBefore,

    /// <summary>Another host holds the work (or took it over from this run): try again when its claim lapses.</summary>
    ClaimedElsewhere,
}
