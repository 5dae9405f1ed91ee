namespace EduFlows.Processes.ResearcherReview;

/// <summary>A secondary (二级) indicator under an A-level one.</summary>
/// <param name="Id">Short id, unique in the scheme; also the field name on scoring and survey forms.</param>
/// <param name="LevelA">The A-level indicator's id.</param>
/// <param name="Name">Its name, e.g. "听课评课".</param>
/// <param name="MaxPoints">Its maximum points; an A-level indicator's weight is shared out in proportion.</param>
/// <param name="Source">How it is scored.</param>
public sealed record SecondaryIndicator(string Id, string LevelA, string Name, decimal MaxPoints, IndicatorSource Source)
{
    /// <summary>For <see cref="IndicatorSource.Counted"/>: the kind of process record counted (see <see cref="RecordKinds"/>).</summary>
    public string? RecordKind { get; init; }

    /// <summary>For <see cref="IndicatorSource.Counted"/>: how many records in the half year earn the full points (fewer earn a share).</summary>
    public int? Target { get; init; }
}
