namespace EduFlows.Storage;

/// <summary>
/// How far a one-time column backfill (<see cref="RecordTable{T}.WriteMissingColumnAsync"/>) has come: kept as it goes,
/// so a host stopped part-way resumes where the last saved page ended.
/// </summary>
/// <param name="Written">Rows given their columns so far.</param>
/// <param name="Skipped">Rows holding no readable record so far, left as they are.</param>
/// <param name="SkippedRows">The first <see cref="RowsNamed"/> of those, by key, for whoever looks into them.</param>
/// <param name="ResumeAt">Where the next page starts; null at the first row (or once the scan is through).</param>
public sealed record ColumnBackfill(int Written, int Skipped, IReadOnlyList<string> SkippedRows, string? ResumeAt)
{
    /// <summary>How many skipped rows are named (the rest only counted: a bounded row).</summary>
    public const int RowsNamed = 20;

    /// <summary>A backfill not yet begun.</summary>
    public static ColumnBackfill Start { get; } = new(0, 0, [], null);

    /// <summary>The same with one more row skipped.</summary>
    public ColumnBackfill WithSkipped(string row) =>
        this with { Skipped = Skipped + 1, SkippedRows = SkippedRows.Count < RowsNamed ? [.. SkippedRows, row] : SkippedRows };
}
