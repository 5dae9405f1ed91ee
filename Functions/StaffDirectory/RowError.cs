using System.Text.Json.Serialization;

namespace EduFlows.StaffDirectory;

/// <summary>What is wrong with one cell of an imported roster.</summary>
/// <param name="Row">The row number as a spreadsheet shows it (the header is row 1).</param>
/// <param name="Column">The column header.</param>
/// <param name="Reason">Why it is refused, in Chinese (the office reads it first).</param>
public sealed record RowError(int Row, string Column, string Reason)
{
    /// <summary>The same reason in English, where the sheet's checks give one; left out of the JSON when there is none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ReasonEn { get; init; }
}
