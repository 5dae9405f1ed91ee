namespace EduFlows.Tasks;

/// <summary>What a staff member's results page shows: a heading, facts, an optional table, notes and links (all zh-CN).</summary>
/// <param name="Title">The page heading.</param>
/// <param name="Subtitle">A line under it (the process and period).</param>
/// <param name="Facts">Label and value pairs.</param>
/// <param name="Columns">The table's column headings; empty for no table.</param>
/// <param name="Rows">The table's rows, a cell per column.</param>
public sealed record ResultsView(
    string Title,
    string Subtitle,
    IReadOnlyList<(string Label, string Value)> Facts,
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>Rules and explanations under the table.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The id the office quotes for it (编号), shown as machine text under the title; none when empty.</summary>
    public string Reference { get; init; } = string.Empty;

    /// <summary>Links (text and address) at the end.</summary>
    public IReadOnlyList<(string Text, string Href)> Links { get; init; } = [];
}
