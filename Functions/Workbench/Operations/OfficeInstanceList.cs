namespace EduFlows.Workbench.Operations;

/// <summary>What the instance list shows: its filters as given, one page of rows and the way to the next.</summary>
/// <param name="Status">The status asked for (a runtime status name, lower case), or null.</param>
/// <param name="Name">The orchestrator or process name asked for, or null.</param>
/// <param name="From">The first creation day (yyyy-MM-dd, bureau time), or null.</param>
/// <param name="To">The last creation day, or null.</param>
/// <param name="Rows">The page's instances.</param>
/// <param name="Page">This page's continuation token (null on the first).</param>
/// <param name="Next">The next page's token, null on the last.</param>
/// <param name="ErrorField">The wrong filter's name.</param>
/// <param name="Error">What is wrong with it.</param>
public sealed record OfficeInstanceList(
    string? Status, string? Name, string? From, string? To, IReadOnlyList<OfficeInstanceRow> Rows, string? Page, string? Next, string? ErrorField, string? Error);
