using System.Text.Json;
using EduFlows.AuditLog;

namespace EduFlows.Processes.OpenSelection;

/// <summary>A selection's trail as entries of the tamper-evident audit log: one stream per selection, one entry per step.</summary>
public static class SelectionAudit
{
    /// <summary>The audit stream of a selection.</summary>
    public static string StreamOf(string selectionId) => "open-selection-" + selectionId;

    /// <summary>
    /// The appends for the trail's entries from <paramref name="fromSeq"/> on. The entry id is the selection and the
    /// step's number, so appending a step again (a retried activity) stores nothing new.
    /// </summary>
    public static IReadOnlyList<AuditAppend> Appends(SelectionCase selection, int fromSeq = 1)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return [.. selection.Trail.Where(e => e.Seq >= fromSeq).Select(e => new AuditAppend(
            StreamOf(selection.Id),
            $"{selection.Id}-{e.Seq:D6}",
            e.Kind,
            e.Actor,
            e.Subject,
            JsonSerializer.Serialize(new { detail = e.Detail, at = e.At }, Json)))];
    }

    // Chinese stays readable in the stored payload (hashed exactly as written).
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
