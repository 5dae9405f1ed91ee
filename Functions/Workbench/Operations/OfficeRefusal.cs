namespace EduFlows.Workbench.Operations;

/// <summary>An office page's refusal as the field and reason <see cref="Tasks.RenderedPage{TComponent}"/> answers a non-browser caller with.</summary>
internal static class OfficeRefusal
{
    /// <summary>The refusal, or null for a page that refuses nothing.</summary>
    public static (string Field, string Detail)? Of(string? field, string? error) => field is null || error is null ? null : (field, error);
}
