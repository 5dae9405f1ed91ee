using EduFlows.Hosting;
using EduFlows.Storage;

namespace EduFlows.Processes.ReservePool;

/// <summary>Entry into the pool from a selection or a renewal round (HTTP body, and the input other processes pass).</summary>
/// <param name="StaffId">The person (directory id).</param>
/// <param name="Pool">"principal" or "researcher".</param>
/// <param name="Source">"selection" or "renewal".</param>
/// <param name="SourceReference">The selection or round, e.g. "open-selection-2026" or "renewal-2026-sch-001".</param>
public sealed record PoolEntryRequest(string? StaffId, string? Pool, string? Source, string? SourceReference)
{
    /// <summary>The sources an entry may come from.</summary>
    public static readonly IReadOnlyList<string> Sources = ["selection", "renewal"];

    /// <summary>The selection or round as staff read it, e.g. 2026年教研员阳光选优 (optional; the file shows the reference without it).</summary>
    public string? SourceName { get; init; }

    /// <summary>What the selection or round decided about the person, for the file, e.g. 提拔为某校副校长 (optional).</summary>
    public string? Note { get; init; }

    /// <summary>A source in Chinese: 选拔 (an open selection) or 续聘轮次 (a deputy renewal round).</summary>
    public static string SourceZh(string source) => source == "selection" ? "选拔" : "续聘轮次";

    /// <summary>A source in English: an open selection or a renewal round.</summary>
    public static string SourceEn(string source) => source == "selection" ? "selection" : "renewal round";

    /// <summary>What is wrong with the request, field by field (Chinese first for the page, English for the API).</summary>
    public IReadOnlyList<FieldError> Problems()
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(StaffId) || TableKey.Problem(StaffId) is not null)
        {
            errors.Add(new FieldError("staffId", "must be a staff id from the directory.") { ReasonZh = "请填写人员编号（与人员库一致）。" });
        }

        if (Pool is not (ReservePoolDesk.Principals or ReservePoolDesk.Researchers))
        {
            errors.Add(new FieldError("pool", "must be principal or researcher.") { ReasonZh = "后备库只有“后备校长”(principal)和“后备教研员”(researcher)两类。" });
        }

        if (Source is null || !Sources.Contains(Source))
        {
            errors.Add(new FieldError("source", "must be selection or renewal.") { ReasonZh = "入库来源只能是选拔(selection)或续聘轮次(renewal)。" });
        }

        if (SourceReferenceProblem(SourceReference) is { } reference)
        {
            errors.Add(reference);
        }

        if (SourceName is { Length: > 200 } || Note is { Length: > 500 })
        {
            errors.Add(new FieldError(SourceName is { Length: > 200 } ? "sourceName" : "note", "is too long (source name 200, note 500 characters).") { ReasonZh = "来源名称不超过200字，说明不超过500字。" });
        }

        return errors;
    }

    /// <summary>What is wrong with <paramref name="sourceReference"/> (blank, or over 128 characters), or null; the demo's body is judged alike.</summary>
    internal static FieldError? SourceReferenceProblem(string? sourceReference) =>
        string.IsNullOrWhiteSpace(sourceReference) || sourceReference.Length > 128
            ? new FieldError("sourceReference", "must name the selection or renewal round (at most 128 characters).") { ReasonZh = "请写明是哪次选拔或续聘轮次（不超过128字）。" }
            : null;
}
