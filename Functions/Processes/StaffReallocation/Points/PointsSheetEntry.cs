namespace EduFlows.Processes.StaffReallocation;

/// <summary>
/// One person's row of a reallocation's points sheet: the values in force, who set them, when and why, and every
/// earlier version (a correction never overwrites without keeping what it replaced).
/// </summary>
public sealed record PointsSheetEntry
{
    /// <summary>The reallocation (the sheet is imported before it starts, so the id need not exist yet).</summary>
    public required string ReallocationId { get; init; }

    /// <summary>The directory id (工号).</summary>
    public required string StaffId { get; init; }

    /// <summary>The name as imported (姓名), for the bureau's reading only.</summary>
    public string? Name { get; init; }

    /// <summary>The values in force.</summary>
    public required PointsSheetValues Values { get; init; }

    /// <summary>Who set them: the administrator importing or correcting, or the bureau member upholding an objection.</summary>
    public required string By { get; init; }

    /// <summary>When.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Why: "导入" for a first import, otherwise the reason given.</summary>
    public required string Why { get; init; }

    /// <summary>The versions replaced, oldest first.</summary>
    public IReadOnlyList<PointsSheetRevision> History { get; init; } = [];

    /// <summary>The row id.</summary>
    public string Id => IdOf(ReallocationId, StaffId);

    /// <summary>The row id of a person in a reallocation's sheet.</summary>
    public static string IdOf(string reallocationId, string staffId) => $"{reallocationId}:{staffId}";

    /// <summary>This entry with <paramref name="values"/> in force, the current ones kept in the history; unchanged when the values are the same.</summary>
    public PointsSheetEntry Revised(PointsSheetValues values, string by, DateTimeOffset at, string why, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.SameAs(Values)
            ? this
            : this with { Values = values, By = by, At = at, Why = why, Name = name ?? Name, History = [.. History, new PointsSheetRevision(Values, By, At, Why)] };
    }
}
