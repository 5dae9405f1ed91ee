namespace EduFlows.Processes.OpenSelection;

/// <summary>What a draw produced, with everything an auditor needs to repeat it.</summary>
/// <param name="Seed">The recorded seed.</param>
/// <param name="Judges">The panel, by group then order.</param>
/// <param name="Alternates">The rest of each group's eligible judges, in draw order.</param>
/// <param name="Excluded">Judges of the pool kept off for a conflict.</param>
/// <param name="RefusalZh">Why no panel could be drawn (a group too small), in Chinese; null when drawn.</param>
public sealed record PanelDrawResult(
    ulong Seed,
    IReadOnlyList<DrawnJudge> Judges,
    IReadOnlyList<DrawnJudge> Alternates,
    IReadOnlyList<ExcludedJudge> Excluded,
    string? RefusalZh = null);
