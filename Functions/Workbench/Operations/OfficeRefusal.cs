using EduFlows.StaffDirectory;

namespace EduFlows.Workbench.Operations;

/// <summary>An office page's refusal as the field and reason <see cref="Tasks.RenderedPage{TComponent}"/> answers a non-browser caller with.</summary>
internal static class OfficeRefusal
{
    /// <summary>The refusal, or null for a page that refuses nothing.</summary>
    public static (string Field, string Detail)? Of(string? field, string? error) => field is null || error is null ? null : (field, error);

    /// <summary>
    /// An upload's refusal (<see cref="OfficeUploadErrors"/>), every bad row of the sheet said after the reason, as the
    /// page's table lists them; or null for a page that refuses nothing.
    /// </summary>
    public static (string Field, string Detail)? Of(string? field, string? error, IReadOnlyList<RowError> rows) =>
        Of(field, error is null ? null : rows.Count == 0 ? error : error + " " + string.Join(" ", rows.Select(r => $"第 {r.Row} 行“{r.Column}”：{r.Reason}")));
}
