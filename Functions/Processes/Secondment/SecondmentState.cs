namespace EduFlows.Processes.Secondment;

/// <summary>
/// Where an assignment stands: carried from one month's run to the next (continue-as-new) and kept as its record, so
/// the history stays one month long however long the assignment runs.
/// </summary>
public sealed record SecondmentState
{
    /// <summary>consent, declined, running, returned, stayed; terminated or failed when the instance stopped before its course; purged when it was gone before anyone learned how it ended.</summary>
    public string Stage { get; init; } = SecondmentStages.Consent;

    /// <summary>The month to run next (1 = the first month at the host).</summary>
    public int Month { get; init; } = 1;

    /// <summary>The months in all, extensions included.</summary>
    public int TotalMonths { get; init; }

    /// <summary>Extensions granted so far.</summary>
    public int Extensions { get; init; }

    /// <summary>The consents given, one line each (who, answer, note).</summary>
    public IReadOnlyList<string> Consents { get; init; } = [];

    /// <summary>Monthly check-ins handed in.</summary>
    public int CheckInsDone { get; init; }

    /// <summary>Monthly check-ins not handed in by their due time.</summary>
    public IReadOnlyList<int> CheckInsMissed { get; init; } = [];

    /// <summary>The host mentor's mid-term grade (优秀/良好/合格/不合格 as codes), once given.</summary>
    public string? MidTermGrade { get; init; }

    /// <summary>The final evaluation's grade, once given.</summary>
    public string? FinalGrade { get; init; }

    /// <summary>The return-or-extend decisions, in order, one line each (what, by whom, reason, what the rule allowed).</summary>
    public IReadOnlyList<string> Decisions { get; init; } = [];

    /// <summary>The decision the assignment ends with once no extension is pending: return or stay.</summary>
    public string? Outcome { get; init; }

    /// <summary>The directory moves made, by id.</summary>
    public IReadOnlyList<string> Moves { get; init; } = [];

    /// <summary>How an assignment stopped before its course (terminated or failed), in Chinese: when, why, and where the person is; for a purged instance, when it was found gone and that the person's place is to be checked in the directory; null otherwise.</summary>
    public string? Stopped { get; init; }
}
